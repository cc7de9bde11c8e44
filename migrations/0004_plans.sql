CREATE TABLE `plan_schemas` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`phases_json` text NOT NULL,
	`rules_json` text NOT NULL,
	`role_shares_json` text NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
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
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `training_plans_runner_created_idx` ON `training_plans` (`runner_id`,`created_at`,`id`);--> statement-breakpoint
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
