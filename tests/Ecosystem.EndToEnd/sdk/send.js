// Sends one phase of a person's calls through a real Node SDK to the product, flushes, and exits non-zero if any
// request failed. Run by SdkCompatibilityTests: node send.js <rudderstack|segment> <baseUrl> <writeKey> <phase> <ids json>
//   phase "before": a track under the person's older user id, a page and a screen under their anonymous id;
//   phase "after":  identify (userId + anonymousId), a track, group (their company) and alias (older id -> userId).
'use strict';

const [sdk, baseUrl, writeKey, phase, idsJson] = process.argv.slice(2);
const ids = JSON.parse(idsJson);
const navigation = 'com.ecosystem.shell.navigation.clicked';

function client() {
  if (sdk === 'rudderstack') {
    const Analytics = require('@rudderstack/rudder-sdk-node');
    // gzip is the SDK's default for its batches; said here so the test's intent is visible.
    const analytics = new Analytics(writeKey, { dataPlaneUrl: baseUrl, gzip: true, flushAt: 100, flushInterval: 600000, retryCount: 0, logLevel: 'error' });
    return { analytics, flush: () => analytics.flush() };
  }

  if (sdk === 'segment') {
    const { Analytics } = require('@segment/analytics-node');
    const analytics = new Analytics({ writeKey, host: baseUrl, flushAt: 100, flushInterval: 600000, maxRetries: 0 });
    const errors = [];
    analytics.on('error', (e) => errors.push(e));
    return {
      analytics,
      flush: async () => {
        await analytics.closeAndFlush({ timeout: 30000 });
        if (errors.length > 0) throw new Error('Segment SDK delivery failed: ' + errors.map((e) => JSON.stringify(e.reason?.message ?? e.code ?? e)).join('; '));
      },
    };
  }

  throw new Error('unknown sdk ' + sdk);
}

async function main() {
  const { analytics, flush } = client();
  if (phase === 'before') {
    analytics.track({ userId: ids.oldUserId, event: navigation, properties: { target: 'pricing' } });
    analytics.page({ anonymousId: ids.anonymousId, name: 'Landing', properties: { url: 'https://example.com/' } });
    analytics.screen({ anonymousId: ids.anonymousId, name: 'Welcome' });
  } else if (phase === 'after') {
    analytics.identify({ userId: ids.userId, anonymousId: ids.anonymousId, traits: { name: 'SDK person' } });
    analytics.track({ userId: ids.userId, event: navigation, properties: { target: 'signup' } });
    analytics.group({ userId: ids.userId, groupId: ids.groupId, traits: { name: ids.company } });
    analytics.alias({ previousId: ids.oldUserId, userId: ids.userId });
  } else {
    throw new Error('unknown phase ' + phase);
  }

  await flush();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
