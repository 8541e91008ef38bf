CREATE TABLE `survey_margins` (
	`survey_id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`margins` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
