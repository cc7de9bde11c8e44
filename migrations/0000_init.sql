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
CREATE TABLE `fit_files` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`job_id` text NOT NULL,
	`name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`r2_key` text NOT NULL,
	`fit_identity` text,
	`file_type` text,
	`manufacturer` text,
	`product` integer,
	`product_name` text,
	`serial_number` integer,
	`time_created` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fit_files_runner_sha_uq` ON `fit_files` (`runner_id`,`sha256`);--> statement-breakpoint
CREATE UNIQUE INDEX `fit_files_runner_identity_uq` ON `fit_files` (`runner_id`,`fit_identity`) WHERE fit_identity IS NOT NULL;--> statement-breakpoint
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
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runners_email_uq` ON `runners` (`email`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`fit_file_id` text NOT NULL,
	`session_index` integer NOT NULL,
	`sport` text,
	`sub_sport` text,
	`start_time` integer,
	`distance_m` real,
	`timer_s` real,
	`elapsed_s` real,
	`avg_hr` real,
	`device_json` text NOT NULL,
	`record_count` integer NOT NULL,
	`records_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`fit_file_id`) REFERENCES `fit_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_file_index_uq` ON `sessions` (`fit_file_id`,`session_index`);--> statement-breakpoint
CREATE INDEX `sessions_runner_start_idx` ON `sessions` (`runner_id`,`start_time`,`id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`job_id` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_runner_job_idx` ON `uploads` (`runner_id`,`job_id`);