CREATE TABLE `cycle_focus_areas` (
	`cycle_id` text NOT NULL,
	`focus_area_id` text NOT NULL,
	`organization_id` text NOT NULL,
	PRIMARY KEY(`cycle_id`, `focus_area_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`focus_area_id`) REFERENCES `focus_areas`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cycles` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`owner_id` text,
	`phase` text NOT NULL,
	`status` text NOT NULL,
	`checklist_doc` text NOT NULL,
	`plan_doc` text NOT NULL,
	`survey_id` text,
	`previous_cycle_id` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checklist_doc`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_doc`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cycles_org_idx` ON `cycles` (`organization_id`,`status`);--> statement-breakpoint
CREATE TABLE `kpi_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kpi_id` text NOT NULL,
	`date` text NOT NULL,
	`value` real NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_readings_kpi_date_unique` ON `kpi_readings` (`kpi_id`,`date`);--> statement-breakpoint
CREATE INDEX `kpi_readings_org_idx` ON `kpi_readings` (`organization_id`);--> statement-breakpoint
CREATE TABLE `kpis` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`focus_area_id` text,
	`name` text NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`direction` text NOT NULL,
	`baseline` real NOT NULL,
	`target` real NOT NULL,
	`target_date` text NOT NULL,
	`baseline_date` text,
	`source` text NOT NULL,
	`source_ref` text,
	`owner_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`focus_area_id`) REFERENCES `focus_areas`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `kpis_org_idx` ON `kpis` (`organization_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `kpis_org_name_unique` ON `kpis` (`organization_id`,`name`);--> statement-breakpoint
CREATE TABLE `plan_actions` (
	`doc_name` text NOT NULL,
	`action_id` text NOT NULL,
	`goal_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`owner` text,
	`due` text,
	`status` text NOT NULL,
	`progress` integer NOT NULL,
	`priority` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `action_id`),
	FOREIGN KEY (`doc_name`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_actions_owner_idx` ON `plan_actions` (`organization_id`,`owner`);--> statement-breakpoint
CREATE INDEX `plan_actions_action_idx` ON `plan_actions` (`organization_id`,`action_id`);--> statement-breakpoint
CREATE TABLE `plan_goals` (
	`doc_name` text NOT NULL,
	`goal_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`focus_area_id` text,
	`kpi_id` text,
	`due` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `goal_id`),
	FOREIGN KEY (`doc_name`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_goals_org_idx` ON `plan_goals` (`organization_id`);--> statement-breakpoint
CREATE TABLE `plan_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`doc_name` text NOT NULL,
	`label` text NOT NULL,
	`state` blob NOT NULL,
	`author_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`doc_name`) REFERENCES `sync_documents`(`name`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plan_versions_doc_idx` ON `plan_versions` (`organization_id`,`doc_name`);--> statement-breakpoint
CREATE TABLE `progress_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`doc_name` text NOT NULL,
	`action_id` text NOT NULL,
	`author_id` text,
	`note` text NOT NULL,
	`status` text,
	`progress` integer,
	`latitude` real,
	`longitude` real,
	`accuracy` real,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `progress_logs_org_key_unique` ON `progress_logs` (`organization_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `progress_logs_action_idx` ON `progress_logs` (`organization_id`,`action_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`progress_log_id` text,
	`path` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`progress_log_id`) REFERENCES `progress_logs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_log_idx` ON `uploads` (`organization_id`,`progress_log_id`);