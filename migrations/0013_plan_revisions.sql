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
	FOREIGN KEY (`plan_id`) REFERENCES `training_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`runner_id`) REFERENCES `runners`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_revisions_runner_idx` ON `plan_revisions` (`runner_id`,`plan_id`);--> statement-breakpoint
ALTER TABLE `training_plans` ADD `revision` integer DEFAULT 0 NOT NULL;