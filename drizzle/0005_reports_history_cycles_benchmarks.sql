CREATE TABLE `cycle_surveys` (
	`cycle_id` text NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`linked_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`cycle_id`, `survey_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`linked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cycle_surveys_survey_idx` ON `cycle_surveys` (`organization_id`,`survey_id`);--> statement-breakpoint
CREATE TABLE `sync_update_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`seq` integer,
	`author_id` text,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_update_history_doc_idx` ON `sync_update_history` (`doc_name`,`id`);--> statement-breakpoint
CREATE TABLE `survey_benchmarks` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`question_key` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`value` real NOT NULL,
	`n` integer,
	`moe` real,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_benchmarks_unique` ON `survey_benchmarks` (`survey_id`,`kind`,`source`,`question_key`);--> statement-breakpoint
CREATE INDEX `survey_benchmarks_org_idx` ON `survey_benchmarks` (`organization_id`);--> statement-breakpoint
CREATE TABLE `report_shares` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`token` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_shares_token_unique` ON `report_shares` (`token`);