-- Segment group calls: the companies or accounts a person belongs to, kept on their Customer 360 as a canonical JSON
-- array ordered by group id (each with its latest traits and when it was first and last seen).
ALTER TABLE analytics_customer360 ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';
