CREATE TABLE `archive_budget_grants` (
	`root_upload_id` text NOT NULL,
	`archive_file_id` text NOT NULL,
	`runner_id` text NOT NULL,
	`granted_bytes` integer NOT NULL,
	`limit_bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`root_upload_id`, `archive_file_id`)
);
--> statement-breakpoint
CREATE TABLE `best_efforts` (
	`runner_id` text NOT NULL,
	`session_id` text NOT NULL,
	`distance_m` real NOT NULL,
	`time_s` real NOT NULL,
	`achieved_at` integer,
	`start_offset_s` real,
	PRIMARY KEY(`session_id`, `distance_m`),
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
	`computed_at` integer NOT NULL
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
	`sports_json` text,
	PRIMARY KEY(`runner_id`, `date`)
);
--> statement-breakpoint
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
	`format` text DEFAULT 'fit' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fit_files_runner_sha_uq` ON `fit_files` (`runner_id`,`sha256`);--> statement-breakpoint
CREATE UNIQUE INDEX `fit_files_runner_identity_uq` ON `fit_files` (`runner_id`,`fit_identity`) WHERE fit_identity IS NOT NULL;--> statement-breakpoint
CREATE TABLE `multipart_parts` (
	`upload_id` text NOT NULL,
	`runner_id` text NOT NULL,
	`part_number` integer NOT NULL,
	`etag` text NOT NULL,
	`size` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`upload_id`, `part_number`),
	FOREIGN KEY (`upload_id`) REFERENCES `multipart_uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `multipart_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`name` text NOT NULL,
	`r2_key` text NOT NULL,
	`r2_upload_id` text NOT NULL,
	`size` integer NOT NULL,
	`part_size` integer NOT NULL,
	`status` text NOT NULL,
	`job_id` text,
	`sha256` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `multipart_uploads_runner_idx` ON `multipart_uploads` (`runner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `personal_bests` (
	`runner_id` text NOT NULL,
	`distance_m` real NOT NULL,
	`time_s` real NOT NULL,
	`session_id` text NOT NULL,
	`achieved_at` integer,
	`history_json` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`runner_id`, `distance_m`)
);
--> statement-breakpoint
CREATE TABLE `plan_revisions` (
	`plan_id` text NOT NULL,
	`runner_id` text NOT NULL,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`job_id` text NOT NULL,
	`trigger_job_id` text,
	`frozen_weeks` integer NOT NULL,
	`request_json` text NOT NULL,
	`athlete_json` text NOT NULL,
	`x0_json` text,
	`reasons_json` text,
	`weeks_json` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	PRIMARY KEY(`plan_id`, `revision`),
	FOREIGN KEY (`plan_id`) REFERENCES `training_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_revisions_runner_idx` ON `plan_revisions` (`runner_id`,`plan_id`);--> statement-breakpoint
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
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_stats_runner_date_idx` ON `session_stats` (`runner_id`,`local_date`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`fit_file_id` text NOT NULL,
	`session_index` integer NOT NULL,
	`name` text,
	`sport` text,
	`sub_sport` text,
	`start_time` integer,
	`distance_m` real,
	`timer_s` real,
	`elapsed_s` real,
	`avg_hr` real,
	`device_json` text NOT NULL,
	`events_json` text,
	`record_count` integer NOT NULL,
	`records_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`exclude_from_records` integer,
	FOREIGN KEY (`fit_file_id`) REFERENCES `fit_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_file_index_uq` ON `sessions` (`fit_file_id`,`session_index`);--> statement-breakpoint
CREATE INDEX `sessions_runner_start_idx` ON `sessions` (`runner_id`,`start_time`,`id`);--> statement-breakpoint
CREATE TABLE `training_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`job_id` text NOT NULL,
	`status` text NOT NULL,
	`seed` integer NOT NULL,
	`request_json` text NOT NULL,
	`athlete_json` text NOT NULL,
	`notes_json` text NOT NULL,
	`schema_id` text NOT NULL,
	`schema_version` integer NOT NULL,
	`library_id` text NOT NULL,
	`library_version` integer NOT NULL,
	`objective` real,
	`generation` integer DEFAULT 0 NOT NULL,
	`evaluations` integer DEFAULT 0 NOT NULL,
	`checkpoint_key` text,
	`checkpoint_step` integer,
	`result_json` text,
	`error_code` text,
	`error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	`revision` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `training_plans_runner_created_idx` ON `training_plans` (`runner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`job_id` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `uploads_runner_job_idx` ON `uploads` (`runner_id`,`job_id`);