CREATE TABLE `credential_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`last_attempt_at` integer NOT NULL,
	`attempts` integer NOT NULL,
	`delay_ms` integer NOT NULL,
	`blocked_until` integer NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL
);
