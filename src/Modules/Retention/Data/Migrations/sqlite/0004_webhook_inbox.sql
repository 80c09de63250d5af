DROP TABLE retention_webhook_events;
