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
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `multipart_uploads_runner_idx` ON `multipart_uploads` (`runner_id`,`created_at`);