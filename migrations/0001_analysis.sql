CREATE TABLE `best_efforts` (
	`runner_id` text NOT NULL,
	`session_id` text NOT NULL,
	`distance_m` real NOT NULL,
	`time_s` real NOT NULL,
	`achieved_at` integer,
	`start_offset_s` real,
	PRIMARY KEY(`session_id`, `distance_m`),
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `best_efforts_runner_distance_idx` ON `best_efforts` (`runner_id`,`distance_m`,`time_s`);--> statement-breakpoint
CREATE TABLE `critical_speed` (
	`runner_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`cs_mps` real,
	`d_prime_m` real,
	`r2` real,
	`result_json` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `daily_history` (
	`runner_id` text NOT NULL,
	`date` text NOT NULL,
	`distance_m` real NOT NULL,
	`time_s` real NOT NULL,
	`sessions` integer NOT NULL,
	`load` real NOT NULL,
	`ctl` real NOT NULL,
	`atl` real NOT NULL,
	`tsb` real NOT NULL,
	PRIMARY KEY(`runner_id`, `date`),
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `personal_bests` (
	`runner_id` text NOT NULL,
	`distance_m` real NOT NULL,
	`time_s` real NOT NULL,
	`session_id` text NOT NULL,
	`achieved_at` integer,
	`history_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`runner_id`, `distance_m`),
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `session_stats` (
	`session_id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`algorithm_version` integer NOT NULL,
	`sport` text,
	`start_time` integer,
	`local_date` text,
	`distance_m` real,
	`moving_s` real,
	`timer_s` real,
	`load` real,
	`stats_json` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_stats_runner_date_idx` ON `session_stats` (`runner_id`,`local_date`);