// The figures as a plain-text table and as a horizontal bar chart (hand-written SVG).

const fixed = (value, digits = 1) => (value === null || value === undefined ? "-" : value.toFixed(digits));

function rows(results) {
  return [
    ...Object.entries(results.workloads).map(([name, r]) => ({ name, ...r })),
    ...Object.entries(results.baselines).map(([name, r]) => ({ name: `baseline: ${name}`, ...r })),
    ...(results.argon2Ceiling ? [{ name: "argon2 ceiling (verifies/s)", rps: results.argon2Ceiling.verifiesPerSecond }] : []),
  ];
}

export function table(results) {
  const head = ["workload", "req/s", "× lean", "p50 ms", "p99 ms", "requests (all runs)", "errors (all runs)", "peak RSS MiB"];
  const lean = results.baselines.lean?.rps;
  const body = rows(results).map((r) => [
    r.name,
    fixed(r.rps),
    lean && r.rps !== undefined && !r.name.startsWith("argon2") ? fixed(r.rps / lean, 2) : "-",
    r.p50 === undefined ? "-" : fixed(r.p50, 2),
    r.p99 === undefined ? "-" : fixed(r.p99, 2),
    r.total === undefined ? "-" : String(r.total),
    r.failed === undefined ? "-" : String(r.failed),
    r.peakRssMiB === undefined ? "-" : fixed(r.peakRssMiB),
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const { machine, method, ratios } = results;
  return [
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}`,
    `${method.tool}${method.statefulTool && method.statefulTool !== method.tool ? ` (refreshToken, register, the storm's logins: ${method.statefulTool})` : ""}, ${method.connections} connections (login ${method.loginConnections}), ${method.durationSeconds} s, ${method.rounds === "interleaved" ? "rounds interleaved, " : ""}${method.figures}`,
    "",
    line(head),
    ...body.map(line),
    "",
    `me / lean limit:           ${fixed(ratios.meToLeanLimit, 3)}`,
    `login / argon2 ceiling:    ${fixed(ratios.loginToArgon2Ceiling, 3)}`,
    `me p99 during login storm: ${results.meP99DuringLoginStormMs ?? "-"} ms (logins offered at ${method.loginStormRate ?? "-"}/s)`,
    `server peak RSS (VmHWM):   ${fixed(results.serverPeakRssMiB)} MiB (start-up and data: ${fixed(results.serverPeakRssStartupMiB)} MiB)`,
    "",
  ].join("\n");
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Requests per second, one bar per workload, baseline and the argon2 ceiling; linear scale. */
export function chart(results) {
  const data = rows(results);
  const labelWidth = 220;
  const barWidth = 460;
  const rowHeight = 26;
  const top = 40;
  const width = labelWidth + barWidth + 110;
  const height = top + data.length * rowHeight + 30;
  const max = Math.max(...data.map((r) => r.rps));
  const bars = data.map((r, i) => {
    const y = top + i * rowHeight;
    const w = Math.max(1, (r.rps / max) * barWidth);
    const colour = r.name.startsWith("baseline") || r.name.startsWith("argon2") ? "#9aa5b1" : "#3b7dd8";
    return [
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escape(r.name)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${colour}"/>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 16}">${fixed(r.rps)}</text>`,
    ].join("\n  ");
  });
  const { machine, method } = results;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="10" y="22" font-size="15" font-weight="bold">Requests per second (median of ${method.runs}; linear scale; grey: baselines and ceiling)</text>
  ${bars.join("\n  ")}
  <text x="10" y="${height - 10}" fill="#555">${escape(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}; ${method.tool} ${method.connections} connections, ${method.durationSeconds} s`)}</text>
</svg>
`;
}

/**
 * bench:scale: for each database and workload, requests per second at each size of the data,
 * as bars side by side; the label says full size / smallest size.
 */
export function scaleChart(results) {
  const sizes = results.method.sizes.map((s) => s.label);
  const shades = ["#a9c6ee", "#6b9fe0", "#2f6fc4"];
  const groups = Object.entries(results.dialects).flatMap(([dialect, r]) =>
    Object.entries(r.workloads).map(([name, bySize]) => ({ label: `${dialect === "postgres" ? "PostgreSQL" : "SQLite"} ${name}`, bySize, ratio: r.ratios?.[name]?.rps })),
  );
  const labelWidth = 200;
  const barWidth = 440;
  const barHeight = 9;
  const groupHeight = sizes.length * barHeight + 12;
  const top = 56;
  const width = labelWidth + barWidth + 160;
  const height = top + groups.length * groupHeight + 30;
  const rows = groups.map((g, i) => {
    const y = top + i * groupHeight;
    const max = Math.max(...sizes.map((s) => g.bySize[s]?.rps ?? 0));
    const bars = sizes.map((s, j) => {
      const rps = g.bySize[s]?.rps ?? 0;
      const w = Math.max(1, (rps / max) * barWidth);
      return `<rect x="${labelWidth}" y="${y + j * barHeight}" width="${w.toFixed(1)}" height="${barHeight - 1}" fill="${shades[j % shades.length]}"/>`;
    });
    const full = g.bySize[sizes[sizes.length - 1]]?.rps;
    return [
      `<text x="${labelWidth - 8}" y="${y + groupHeight / 2}" text-anchor="end">${escape(g.label)}</text>`,
      ...bars,
      `<text x="${labelWidth + barWidth + 8}" y="${y + groupHeight / 2}">${fixed(full, 0)}/s, ${g.ratio === undefined ? "-" : `${g.ratio.toFixed(2)} ×`}</text>`,
    ].join("\n  ");
  });
  const legend = sizes
    .map((s, j) => `<rect x="${10 + j * 90}" y="32" width="12" height="12" fill="${shades[j % shades.length]}"/><text x="${26 + j * 90}" y="43">${escape(s)}</text>`)
    .join("\n  ");
  const { machine, method } = results;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="10" y="20" font-size="15" font-weight="bold">Requests per second by data size (each group scaled to its largest; right: at full size, and full / ${escape(sizes[0])})</text>
  ${legend}
  ${rows.join("\n  ")}
  <text x="10" y="${height - 10}" fill="#555">${escape(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}; ${method.full.users} users and ${method.full.sessions} sessions at 100%; median of ${method.rounds} rounds of ${method.durationSeconds} s`)}</text>
</svg>
`;
}
