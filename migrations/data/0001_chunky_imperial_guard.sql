ALTER TABLE `multipart_uploads` ADD `assembled_size` integer;--> statement-breakpoint
ALTER TABLE `multipart_uploads` ADD `assembled_head` text;