DROP TABLE retention.webhook_events;
DROP TABLE retention.notifications;
