// Lighthouse with its default settings (a phone, simulated slow 4G) on each address given, one
// Chromium for all of them. Prints one JSON object:
// address -> {scores: {category: score}, failing: [[audit id, score, title]], error}.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [chromePath, ...addresses] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const found = {};
try {
  for (const address of addresses) {
    const { lhr } = await lighthouse(address, { port: chrome.port, logLevel: "error", output: "json" });
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
    const failing = Object.values(lhr.audits)
      .filter((audit) => typeof audit.score === "number" && audit.score < 0.9)
      .map((audit) => [audit.id, audit.score, audit.title]);
    found[address] = { scores, failing, error: lhr.runtimeError ? lhr.runtimeError.message : null };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(found) + "\n");
