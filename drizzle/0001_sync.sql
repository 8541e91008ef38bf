CREATE TABLE `checklist_items` (
	`doc_name` text NOT NULL,
	`item_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`phase` text NOT NULL,
	`text` text NOT NULL,
	`done` integer NOT NULL,
	`assignee` text,
	`due` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `item_id`),
	FOREIGN KEY (`doc_name`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checklist_items_org_idx` ON `checklist_items` (`organization_id`,`phase`);--> statement-breakpoint
CREATE TABLE `sync_documents` (
	`name` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sync_documents_org_idx` ON `sync_documents` (`organization_id`,`kind`);--> statement-breakpoint
CREATE TABLE `sync_snapshots` (
	`doc_name` text PRIMARY KEY NOT NULL,
	`data` blob NOT NULL,
	`state_vector` blob NOT NULL,
	`remainder` blob NOT NULL,
	`seq_upto` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_updates` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_updates_doc_seq_idx` ON `sync_updates` (`doc_name`,`seq`);