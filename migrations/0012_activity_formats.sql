ALTER TABLE `fit_files` ADD `format` text DEFAULT 'fit' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `name` text;