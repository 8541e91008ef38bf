CREATE TABLE `survey_quotas` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`dimension` text NOT NULL,
	`cell` text NOT NULL,
	`target` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_quotas_cell_unique` ON `survey_quotas` (`survey_id`,`dimension`,`cell`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`version_id` text NOT NULL,
	`response_uuid` text NOT NULL,
	`channel` text NOT NULL,
	`language` text NOT NULL,
	`district` text,
	`submitted_at` integer NOT NULL,
	`answers` text NOT NULL,
	`payload_hash` text NOT NULL,
	`weight` real,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `survey_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_uuid_unique` ON `survey_responses` (`survey_id`,`response_uuid`);--> statement-breakpoint
CREATE INDEX `survey_responses_time_idx` ON `survey_responses` (`survey_id`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `survey_responses_org_idx` ON `survey_responses` (`organization_id`);--> statement-breakpoint
CREATE TABLE `survey_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`used_at` integer,
	`response_id` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_tokens_token_hash_unique` ON `survey_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `survey_tokens_survey_idx` ON `survey_tokens` (`survey_id`,`used_at`);--> statement-breakpoint
CREATE TABLE `survey_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`number` integer NOT NULL,
	`questionnaire` text NOT NULL,
	`approved_by` text,
	`approved_at` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_versions_number_unique` ON `survey_versions` (`survey_id`,`number`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`slug` text NOT NULL,
	`status` text NOT NULL,
	`access` text DEFAULT 'public' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`response_target` integer,
	`department` text,
	`service` text,
	`channel` text,
	`draft` text NOT NULL,
	`live_version_id` text,
	`ip_limit_per_minute` integer DEFAULT 30 NOT NULL,
	`survey_limit_per_minute` integer DEFAULT 3000 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_slug_unique` ON `surveys` (`slug`);--> statement-breakpoint
CREATE INDEX `surveys_org_idx` ON `surveys` (`organization_id`,`created_at`);