CREATE TABLE `sync_history_states` (
	`doc_name` text NOT NULL,
	`upto_id` integer NOT NULL,
	`entries` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `upto_id`)
);
