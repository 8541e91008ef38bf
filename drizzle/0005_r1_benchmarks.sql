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
CREATE INDEX `survey_benchmarks_org_idx` ON `survey_benchmarks` (`organization_id`);