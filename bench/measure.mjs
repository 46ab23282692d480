// One autocannon run and its figures. Every response body is read: an HTTP 200 that
// carries GraphQL `errors` counts as an error, not as a success.
import autocannon from "autocannon";

/**
 * @param {object} options
 * @param {string} options.url
 * @param {number} options.connections
 * @param {number} options.duration seconds
 * @param {(state: object) => {body: string, headers?: object}} options.request builds one request
 * @param {(data: object, state: object) => void} [options.onData] sees each successful `data`
 *
 * `state` belongs to one connection and lasts the whole run. (autocannon's own `context`
 * is reset before every request when `requests` has one entry, so it cannot carry a
 * refresh-token chain; the `state` property is deep-cloned once per connection instead.)
 * @param {number} [options.overallRate] requests per second over all connections
 */
export async function measure({ url, connections, duration, request, onData, overallRate }) {
  let graphqlErrors = 0;
  const firstErrors = [];
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    duration,
    ...(overallRate ? { overallRate } : {}),
    headers: { "content-type": "application/json" },
    requests: [
      {
        state: {},
        setupRequest(req, context) {
          context.state = req.state; // the context lives until this request's onResponse
          const { body, headers } = request(req.state);
          return { ...req, body, headers: { ...req.headers, ...headers } };
        },
        onResponse(status, body, context) {
          if (status < 200 || status >= 300) {
            if (firstErrors.length < 3) firstErrors.push(`${status} ${String(body).slice(0, 200)}`);
            return;
          }
          const parsed = JSON.parse(body);
          if (parsed.errors) {
            graphqlErrors++;
            if (firstErrors.length < 3) firstErrors.push(JSON.stringify(parsed.errors).slice(0, 200));
          } else {
            onData?.(parsed.data, context.state);
          }
        },
      },
    ],
  });
  // autocannon's `errors` (socket errors) already include its `timeouts`.
  const responses = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
  const total = responses + result.errors;
  const failed = total - result["2xx"] + graphqlErrors;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    ok: total - failed,
    failed,
    errorRate: total === 0 ? 1 : failed / total,
    firstErrors,
  };
}

/** The median of some numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of each figure over several runs (counts are summed). */
export function medianOf(runs) {
  const sum = (key) => runs.reduce((acc, run) => acc + run[key], 0);
  const total = sum("total");
  return {
    rps: median(runs.map((run) => run.rps)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    total,
    ok: sum("ok"),
    failed: sum("failed"),
    errorRate: total === 0 ? 1 : sum("failed") / total,
    firstErrors: runs.flatMap((run) => run.firstErrors).slice(0, 3),
    runs: runs.map(({ rps, p50, p99, total: n, failed }) => ({ rps, p50, p99, total: n, failed })),
  };
}
