CREATE TABLE `stored_objects` (
	`key` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`bytes` integer NOT NULL,
	`expires_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stored_objects_runner_idx` ON `stored_objects` (`runner_id`,`expires_at`,`bytes`);