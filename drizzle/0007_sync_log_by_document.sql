-- The update log clustered by document (WITHOUT ROWID, keyed by doc_name and seq), and its
-- sequence in a table of its own: it starts where AUTOINCREMENT left off, so no seq is reused.
CREATE TABLE `sync_log_sequence` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `sync_log_sequence` (`id`, `seq`) VALUES (1, max(
	coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'sync_updates'), 0),
	coalesce((SELECT max(`seq`) FROM `sync_updates`), 0),
	coalesce((SELECT max(`seq_upto`) FROM `sync_snapshots`), 0),
	coalesce((SELECT max(`seq`) FROM `sync_update_history`), 0)
));
--> statement-breakpoint
CREATE TABLE `__new_sync_updates` (
	`doc_name` text NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `seq`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_sync_updates`("doc_name", "seq", "data", "created_at") SELECT "doc_name", "seq", "data", "created_at" FROM `sync_updates`;--> statement-breakpoint
DROP TABLE `sync_updates`;--> statement-breakpoint
ALTER TABLE `__new_sync_updates` RENAME TO `sync_updates`;
