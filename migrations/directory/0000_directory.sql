CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_runner_idx` ON `api_tokens` (`runner_id`);--> statement-breakpoint
CREATE TABLE `credential_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`last_attempt_at` integer NOT NULL,
	`attempts` integer NOT NULL,
	`delay_ms` integer NOT NULL,
	`blocked_until` integer NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_schemas` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`phases_json` text NOT NULL,
	`rules_json` text NOT NULL,
	`role_shares_json` text NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `runner_moves` (
	`runner_id` text PRIMARY KEY NOT NULL,
	`from_shard` integer NOT NULL,
	`to_shard` integer NOT NULL,
	`phase` text NOT NULL,
	`table_idx` integer DEFAULT 0 NOT NULL,
	`after_rowid` integer DEFAULT 0 NOT NULL,
	`rows_copied` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`error` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `runners` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`max_hr` integer,
	`resting_hr` integer,
	`threshold_hr` integer,
	`zone_model` text,
	`units` text DEFAULT 'metric' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`shard` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runners_email_uq` ON `runners` (`email`);--> statement-breakpoint
CREATE INDEX `runners_shard_idx` ON `runners` (`shard`);--> statement-breakpoint
CREATE TABLE `shards` (
	`idx` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`runners` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`user_agent` text,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `web_sessions_runner_idx` ON `web_sessions` (`runner_id`);--> statement-breakpoint
CREATE TABLE `workout_types` (
	`library_id` text NOT NULL,
	`library_version` integer NOT NULL,
	`type_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`structure` text NOT NULL,
	`type_json` text NOT NULL,
	PRIMARY KEY(`library_id`, `library_version`, `type_id`)
);
