ALTER TABLE `runners` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `runners` ADD `week_start` text;