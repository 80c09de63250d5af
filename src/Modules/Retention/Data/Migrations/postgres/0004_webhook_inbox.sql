DROP TABLE retention.webhook_events;
