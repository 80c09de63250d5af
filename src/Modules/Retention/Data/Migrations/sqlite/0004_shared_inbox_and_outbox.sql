DROP TABLE retention_webhook_events;
DROP TABLE retention_notifications;
