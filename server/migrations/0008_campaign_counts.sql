-- The results of a campaign, kept counted: how many responses picked each
-- option (or scale point) of each question, and, under the empty choice
-- '', how many answered the question at all. Updated in the transaction
-- that stores or replaces a response (`db::campaigns::store_response`),
-- so the results page reads a few rows however many answers came — a
-- GROUP BY over every answer took seconds at 100,000 responses.
CREATE TABLE campaign_counts (
    campaign  TEXT NOT NULL REFERENCES campaigns(slug),
    question  TEXT NOT NULL,
    choice    TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (campaign, question, choice)
) WITHOUT ROWID;

INSERT INTO campaign_counts (campaign, question, choice, count)
SELECT campaign, question, choice, COUNT(*) FROM campaign_answers
WHERE choice IS NOT NULL
GROUP BY campaign, question, choice;

INSERT INTO campaign_counts (campaign, question, choice, count)
SELECT campaign, question, '', COUNT(DISTINCT response_id) FROM campaign_answers
GROUP BY campaign, question;
