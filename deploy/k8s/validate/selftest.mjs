// Self-test of validate.mjs's live-path rules: each rule must fire on a rendering broken on purpose, so a rule that
// silently stopped matching (a renamed field, a moved object) fails the build instead of passing everything.
//   node selftest.mjs RENDERED.yaml      (a valid rendering with an Ingress: the production overlay)
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { validateObjects } from "./validate.mjs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node selftest.mjs RENDERED.yaml");
  process.exit(2);
}
const original = YAML.parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);

const find = (objs, kind, name) => {
  const o = objs.find((x) => x.kind === kind && (x.metadata?.name === name || x.metadata?.name?.startsWith(name + "-")));
  if (!o) throw new Error(`selftest: no ${kind}/${name} in ${file}`);
  return o;
};
const container = (objs, name) => find(objs, "Deployment", name).spec.template.spec.containers[0];
const drop = (objs, kind, name) => objs.splice(objs.indexOf(find(objs, kind, name)), 1);
const config = (objs) => objs.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("parley-config"));
const setEnv = (c, name, value) => {
  const e = c.env.find((x) => x.name === name);
  if (e) e.value = value;
  else c.env.push({ name, value });
};

const cases = {
  "no lifecycle.preStop": (o) => delete container(o, "stt-service").lifecycle,
  "terminationGracePeriodSeconds 30 < preStop": (o) => (find(o, "Deployment", "tts-service").spec.template.spec.terminationGracePeriodSeconds = 30),
  "PARLEY_DRAIN_TIMEOUT 120": (o) => setEnv(container(o, "media-gateway"), "PARLEY_DRAIN_TIMEOUT", "2m"),
  "set QUARKUS_SHUTDOWN_DELAY and QUARKUS_SHUTDOWN_TIMEOUT": (o) => {
    const c = container(o, "dialogue-service");
    c.env = c.env.filter((e) => e.name !== "QUARKUS_SHUTDOWN_DELAY");
  },
  "no headless Service": (o) => delete find(o, "Service", "stt-service-headless").spec.clusterIP,
  "publishNotReadyAddresses": (o) => (find(o, "Service", "tts-service-headless").spec.publishNotReadyAddresses = true),
  "not a headless Service of tts-service": (o) => (config(o).data.PARLEY_BACKENDS_TTS = "tts-service:8083"),
  "PARLEY_BACKENDS_DIALOGUE is not set": (o) => delete config(o).data.PARLEY_BACKENDS_DIALOGUE,
  "does not expose": (o) => (config(o).data.PARLEY_BACKENDS_STT = "stt-service-headless:9999"),
  "QUARKUS_GRPC_CLIENTS_STT_HOST": (o) => (config(o).data.QUARKUS_GRPC_CLIENTS_STT_HOST = "stt-service"),
  "no HorizontalPodAutoscaler scales it": (o) => drop(o, "HorizontalPodAutoscaler", "dialogue-service"),
  "sets replicas although": (o) => (find(o, "Deployment", "media-gateway").spec.replicas = 2),
  "parley_gateway_calls_active": (o) => (find(o, "HorizontalPodAutoscaler", "media-gateway").spec.metrics.shift()),
  "no PodDisruptionBudget": (o) => drop(o, "PodDisruptionBudget", "tts-service"),
  "no default-deny": (o) => drop(o, "NetworkPolicy", "default-deny"),
  "reach DNS": (o) => drop(o, "NetworkPolicy", "dns-egress"),
  "lets StatefulSet/analytics in": (o) => (find(o, "NetworkPolicy", "stt-service").spec.ingress[0].from = [{ podSelector: {} }]),
  "beyond the Parley services": (o) => find(o, "NetworkPolicy", "kafka").spec.ingress[0].from.push({ namespaceSelector: {} }),
  "PARLEY_STREAM_TOKEN_SECRET must come from a Secret": (o) => {
    const c = container(o, "media-gateway");
    c.env = c.env.filter((e) => e.name !== "PARLEY_STREAM_TOKEN_SECRET");
  },
  "no Ingress routes /telnyx": (o) => {
    const paths = find(o, "Ingress", "media-gateway").spec.rules[0].http.paths;
    paths.splice(paths.findIndex((p) => p.path === "/telnyx"), 1);
  },
  "exposes /q": (o) => (find(o, "Ingress", "analytics").spec.rules[0].http.paths[0].path = "/"),
};

let failed = false;
const baseline = await validateObjects(structuredClone(original));
if (baseline.problems.length) {
  console.error(`selftest: the unbroken rendering has problems:\n  - ${baseline.problems.join("\n  - ")}`);
  process.exit(1);
}
for (const [expected, breakIt] of Object.entries(cases)) {
  const objs = structuredClone(original);
  breakIt(objs);
  const { problems } = await validateObjects(objs, { schemas: false });
  if (!problems.some((p) => p.includes(expected))) {
    failed = true;
    console.error(`selftest: breaking it did not report '${expected}'; reported: ${JSON.stringify(problems)}`);
  }
}
if (failed) process.exit(1);
console.log(`selftest: ${Object.keys(cases).length} broken renderings each caught`);
