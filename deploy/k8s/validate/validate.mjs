// Validates rendered Kubernetes manifests (multi-document YAML files given as arguments).
// 1. Every object against the Kubernetes API schema of its apiVersion/kind (kubernetes-models).
// 2. Parley's own rules: pinned images without a registry host, resources, health probes, no literal secrets,
//    every referenced ConfigMap rendered, every Service selecting a rendered pod template.
// 3. The live path's availability rules (checkLivePath below): drain (preStop, grace periods that fit the drain
//    settings), headless Services behind the gateway's backend lists, autoscalers, disruption budgets,
//    NetworkPolicies, the shared stream-token Secret, and an Ingress (where one is rendered) for every public path.
// Exit code 1 with one line per problem when anything fails.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import YAML from "yaml";

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|_KEYS?_|_KEYS?$|CREDENTIAL)/i;
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);

async function modelFor(apiVersion, kind) {
  // Core objects live under "kubernetes-models/v1", the others under "kubernetes-models/<group>/<version>".
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return null;
  }
  return mod[kind] ?? null;
}

function podSpecOf(obj) {
  if (obj.kind === "Pod") return obj.spec;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
  return obj.spec?.template?.spec;
}

function checkImage(where, image, problems) {
  if (!image) {
    problems.push(`${where}: no image`);
    return;
  }
  const nameAndTag = image.split("@")[0];
  const lastSlash = nameAndTag.lastIndexOf("/");
  const tag = nameAndTag.slice(lastSlash + 1).includes(":") ? nameAndTag.split(":").pop() : null;
  if (!tag && !image.includes("@")) problems.push(`${where}: image ${image} has no tag`);
  if (tag === "latest") problems.push(`${where}: image ${image} uses :latest`);
  const first = image.split("/")[0];
  if (image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    problems.push(`${where}: image ${image} names a registry host; name images by image name only`);
  }
}

function checkContainer(where, c, isInit, problems) {
  checkImage(where, c.image, problems);
  const res = c.resources ?? {};
  if (!res.requests?.cpu || !res.requests?.memory) problems.push(`${where}: resources.requests cpu/memory missing`);
  if (!res.limits?.memory) problems.push(`${where}: resources.limits.memory missing`);
  if (!isInit) {
    if (!c.livenessProbe) problems.push(`${where}: no livenessProbe`);
    if (!c.readinessProbe) problems.push(`${where}: no readinessProbe`);
    if (c.image?.startsWith("parley/")) {
      if (c.livenessProbe?.httpGet?.path !== "/q/health/live") problems.push(`${where}: livenessProbe must GET /q/health/live`);
      if (c.readinessProbe?.httpGet?.path !== "/q/health/ready") problems.push(`${where}: readinessProbe must GET /q/health/ready`);
    }
  }
  for (const e of c.env ?? []) {
    if (SECRET_NAME.test(e.name) && e.value !== undefined && e.value !== "") {
      problems.push(`${where}: env ${e.name} holds a literal value; reference a Secret (valueFrom/envFrom) instead`);
    }
  }
}

async function validateFile(file) {
  return validateText(readFileSync(file, "utf8"));
}

/**
 * Validates a multi-document YAML text; returns the number of objects and the problems found. `schemas: false` skips
 * the API schema check (the self-test checks Parley's rules only, many times over).
 */
export async function validateText(text, options = {}) {
  const yamlProblems = [];
  const objects = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) {
      yamlProblems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj) objects.push(obj);
  }
  const result = await validateObjects(objects, options);
  return { count: result.count, problems: [...yamlProblems, ...result.problems] };
}

/** Validates parsed objects (see validateText). */
export async function validateObjects(objects, { schemas = true } = {}) {
  const problems = [];
  const configMaps = new Set(objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata?.name));
  const podLabels = [];

  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
    if (schemas) {
      const Model = await modelFor(obj.apiVersion, obj.kind);
      if (!Model) {
        problems.push(`${id}: unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`);
        continue;
      }
      try {
        new Model(obj).validate();
      } catch (e) {
        problems.push(`${id}: ${e.message}`);
      }
    }

    if (obj.kind === "Secret" && (obj.data || obj.stringData)) {
      problems.push(`${id}: a rendered Secret carries data; secrets are created in the cluster, never committed`);
    }

    const spec = podSpecOf(obj);
    if (!spec) continue;
    if (WORKLOADS.has(obj.kind)) podLabels.push(obj.spec?.template?.metadata?.labels ?? {});
    for (const c of spec.initContainers ?? []) checkContainer(`${id} initContainer ${c.name}`, c, true, problems);
    for (const c of spec.containers ?? []) checkContainer(`${id} container ${c.name}`, c, false, problems);
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      for (const from of c.envFrom ?? []) {
        const name = from.configMapRef?.name;
        if (name && !from.configMapRef.optional && !configMaps.has(name)) {
          problems.push(`${id} container ${c.name}: envFrom ConfigMap ${name} is not rendered`);
        }
      }
    }
    for (const v of spec.volumes ?? []) {
      const refs = [v.configMap?.name, ...(v.projected?.sources ?? []).map((s) => s.configMap?.name)].filter(Boolean);
      for (const name of refs) {
        if (!configMaps.has(name)) problems.push(`${id} volume ${v.name}: ConfigMap ${name} is not rendered`);
      }
    }
  }

  for (const svc of objects.filter((o) => o.kind === "Service")) {
    const sel = svc.spec?.selector;
    if (!sel) continue;
    const matches = podLabels.some((labels) => Object.entries(sel).every(([k, v]) => labels[k] === v));
    if (!matches) problems.push(`Service/${svc.metadata?.name}: selector matches no rendered pod template`);
  }

  checkLivePath(objects, problems);
  return { count: objects.length, problems };
}

// ---- Live path: drain, balancing, scaling, disruption, isolation, public paths ----------------------------------

const GATEWAY = "media-gateway";
const BACKENDS = { STT: "stt-service", DIALOGUE: "dialogue-service", TTS: "tts-service" };
const SERVICES = [GATEWAY, ...Object.values(BACKENDS), "analytics"];
/** Public paths and the workload that must answer them (an Ingress, where one is rendered, routes them all). */
const PUBLIC_PATHS = {
  "/twilio": GATEWAY,
  "/telnyx": GATEWAY,
  "/browser": GATEWAY,
  "/phone": GATEWAY,
  "/dashboard": "analytics",
  "/tenants": "analytics",
};
/** Seconds of shutdown beyond the configured drain that a grace period must leave. */
const GATEWAY_MARGIN = 15;
const BACKEND_MARGIN = 5;
const DEFAULT_GATEWAY_DRAIN = 60;

/** Seconds of a Quarkus/Java duration: "35s", "1m", "500ms", "2h", "60" (seconds), ISO-8601 "PT35S". */
function seconds(text) {
  if (text === undefined || text === null) return null;
  const t = String(text).trim();
  let m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/i.exec(t);
  if (m) {
    const n = Number(m[1]);
    return { ms: n / 1000, s: n, m: n * 60, h: n * 3600, d: n * 86400 }[(m[2] ?? "s").toLowerCase()];
  }
  m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(t);
  if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return null;
}

/** The Parley service a workload runs (from its image parley/<service>), or null. */
function roleOf(obj) {
  for (const c of podSpecOf(obj)?.containers ?? []) {
    const m = /^parley\/([a-z-]+)(?::|@|$)/.exec(c.image ?? "");
    if (m && SERVICES.includes(m[1])) return { role: m[1], container: c };
  }
  return null;
}

/** Does a label selector (matchLabels / matchExpressions, or a plain map for Services) select these labels? */
function selects(selector, labels) {
  if (!selector) return false;
  const plain = !selector.matchLabels && !selector.matchExpressions;
  const matchLabels = plain ? selector : selector.matchLabels ?? {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  for (const e of plain ? [] : selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** A container's environment as the pod sees it: ConfigMaps of envFrom first, then env (literal values only). */
function environment(container, configMapsByName) {
  const env = {};
  for (const from of container.envFrom ?? []) {
    const data = configMapsByName.get(from.configMapRef?.name)?.data ?? {};
    Object.assign(env, data);
  }
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

/** Seconds a preStop hook holds the pod before SIGTERM (a sleep), 0 for other hooks, null if there is none. */
function preStopSeconds(container) {
  const hook = container.lifecycle?.preStop;
  if (!hook) return null;
  if (hook.sleep) return Number(hook.sleep.seconds ?? 0);
  const cmd = hook.exec?.command ?? [];
  const i = cmd.findIndex((a) => /(^|\/)sleep$/.test(a));
  if (i >= 0 && cmd.length > i + 1) return seconds(cmd[i + 1]) ?? 0;
  const inline = /sleep\s+(\d+)/.exec(cmd.join(" "));
  return inline ? Number(inline[1]) : 0;
}

function checkLivePath(objects, problems) {
  const configMaps = new Map(objects.filter((o) => o.kind === "ConfigMap").map((o) => [o.metadata?.name, o]));
  const services = objects.filter((o) => o.kind === "Service");
  const hpas = objects.filter((o) => o.kind === "HorizontalPodAutoscaler");
  const pdbs = objects.filter((o) => o.kind === "PodDisruptionBudget");
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const workloads = objects.filter((o) => WORKLOADS.has(o.kind) && o.kind !== "Job");
  const byRole = new Map();
  for (const w of workloads) {
    const r = roleOf(w);
    if (r) byRole.set(r.role, { obj: w, container: r.container, labels: w.spec?.template?.metadata?.labels ?? {} });
  }
  const allPodLabels = workloads.map((w) => ({ name: `${w.kind}/${w.metadata?.name}`, labels: w.spec?.template?.metadata?.labels ?? {} }));

  for (const k of [...Object.values(BACKENDS), GATEWAY]) {
    if (!byRole.has(k)) problems.push(`no workload runs parley/${k}`);
  }
  for (const cm of configMaps.values()) {
    for (const key of Object.keys(cm.data ?? {})) {
      if (key.startsWith("QUARKUS_GRPC_CLIENTS_")) {
        problems.push(`ConfigMap/${cm.metadata.name}: ${key}: the gateway reads its backends from PARLEY_BACKENDS_* lists`);
      }
    }
  }

  // Drain: a preStop hook and a grace period that covers it plus the service's own drain.
  for (const [role, w] of byRole) {
    const id = `${w.obj.kind}/${w.obj.metadata?.name}`;
    const grace = podSpecOf(w.obj)?.terminationGracePeriodSeconds;
    const preStop = preStopSeconds(w.container);
    if (grace === undefined) problems.push(`${id}: terminationGracePeriodSeconds not set (the drain must fit in it)`);
    if (preStop === null) problems.push(`${id} container ${w.container.name}: no lifecycle.preStop (the pod must leave the Service's endpoints before SIGTERM)`);
    if (grace === undefined || preStop === null) continue;
    const env = environment(w.container, configMaps);
    for (const e of w.container.env ?? []) {
      if (/^(QUARKUS_SHUTDOWN_|PARLEY_DRAIN_)/.test(e.name) && e.value !== undefined && seconds(e.value) === null) {
        problems.push(`${id}: ${e.name}=${e.value} is not a duration`);
      }
    }
    if (role === GATEWAY) {
      const drain = seconds(env.PARLEY_DRAIN_TIMEOUT) ?? DEFAULT_GATEWAY_DRAIN;
      if (grace < preStop + drain + GATEWAY_MARGIN) {
        problems.push(`${id}: terminationGracePeriodSeconds ${grace} < preStop ${preStop} + PARLEY_DRAIN_TIMEOUT ${drain} + ${GATEWAY_MARGIN} s of shutdown`);
      }
    } else if (Object.values(BACKENDS).includes(role)) {
      const delay = seconds(env.QUARKUS_SHUTDOWN_DELAY);
      const timeout = seconds(env.QUARKUS_SHUTDOWN_TIMEOUT);
      if (delay === null || timeout === null) {
        problems.push(`${id}: set QUARKUS_SHUTDOWN_DELAY and QUARKUS_SHUTDOWN_TIMEOUT beside terminationGracePeriodSeconds (the drain must fit in it)`);
      } else if (grace < preStop + delay + timeout + BACKEND_MARGIN) {
        problems.push(`${id}: terminationGracePeriodSeconds ${grace} < preStop ${preStop} + shutdown delay ${delay} + timeout ${timeout} + ${BACKEND_MARGIN} s`);
      }
    } else {
      const timeout = seconds(env.QUARKUS_SHUTDOWN_TIMEOUT) ?? 0;
      const delay = seconds(env.QUARKUS_SHUTDOWN_DELAY) ?? 0;
      if (grace < preStop + delay + timeout + BACKEND_MARGIN) {
        problems.push(`${id}: terminationGracePeriodSeconds ${grace} < preStop ${preStop} + shutdown ${delay + timeout} + ${BACKEND_MARGIN} s`);
      }
    }
  }

  // Balancing: each backend behind a headless Service; the gateway's lists name those Services.
  const headlessFor = new Map();
  for (const [key, role] of Object.entries(BACKENDS)) {
    const w = byRole.get(role);
    if (!w) continue;
    const port = w.container.ports?.find((p) => p.name === "http")?.containerPort ?? w.container.ports?.[0]?.containerPort;
    const headless = services.filter((s) => s.spec?.clusterIP === "None" && selects(s.spec?.selector, w.labels));
    if (headless.length === 0) {
      problems.push(`${role}: no headless Service (clusterIP: None) selects its pods; the gateway needs one address per pod`);
      continue;
    }
    for (const s of headless) {
      if (s.spec.publishNotReadyAddresses) {
        problems.push(`Service/${s.metadata.name}: publishNotReadyAddresses would hand the gateway pods that are starting or draining`);
      }
      headlessFor.set(s.metadata.name, { role, key, port, svc: s });
    }
  }
  const gateway = byRole.get(GATEWAY);
  if (gateway) {
    const id = `${gateway.obj.kind}/${gateway.obj.metadata?.name}`;
    const env = environment(gateway.container, configMaps);
    for (const [key, role] of Object.entries(BACKENDS)) {
      const name = `PARLEY_BACKENDS_${key}`;
      const list = env[name];
      if (!list) {
        problems.push(`${id}: ${name} is not set (from its env or an envFrom ConfigMap)`);
        continue;
      }
      for (const entry of list.split(",").map((x) => x.trim()).filter(Boolean)) {
        const m = /^([^:]+):(\d+)$/.exec(entry);
        if (!m) {
          problems.push(`${id}: ${name} entry '${entry}' is not host:port`);
          continue;
        }
        const host = m[1].split(".")[0];
        const target = headlessFor.get(host);
        if (!target || target.role !== role) {
          problems.push(`${id}: ${name} names ${m[1]}, which is not a headless Service of ${role}`);
          continue;
        }
        const ports = target.svc.spec.ports ?? [];
        if (!ports.some((p) => p.port === Number(m[2]))) {
          problems.push(`${id}: ${name} uses port ${m[2]}, which Service/${host} does not expose`);
        }
      }
    }
    // One stream-token secret for every replica.
    const token = (gateway.container.env ?? []).find((e) => e.name === "PARLEY_STREAM_TOKEN_SECRET");
    if (!token?.valueFrom?.secretKeyRef) {
      problems.push(`${id}: PARLEY_STREAM_TOKEN_SECRET must come from a Secret (valueFrom.secretKeyRef) shared by every replica`);
    } else if (token.valueFrom.secretKeyRef.optional) {
      problems.push(`${id}: PARLEY_STREAM_TOKEN_SECRET's Secret must not be optional (replicas would sign with different keys)`);
    }
  }

  // Autoscaling: every live-path Deployment has an HPA, and leaves its replica count to it.
  for (const role of [GATEWAY, ...Object.values(BACKENDS)]) {
    const w = byRole.get(role);
    if (!w) continue;
    const id = `${w.obj.kind}/${w.obj.metadata?.name}`;
    const hpa = hpas.find((h) => h.spec?.scaleTargetRef?.kind === w.obj.kind && h.spec?.scaleTargetRef?.name === w.obj.metadata?.name);
    if (!hpa) {
      problems.push(`${id}: no HorizontalPodAutoscaler scales it`);
      continue;
    }
    if (w.obj.spec?.replicas !== undefined) {
      problems.push(`${id}: sets replicas although HorizontalPodAutoscaler/${hpa.metadata.name} owns the count (kubectl apply would reset it)`);
    }
    const metrics = hpa.spec?.metrics ?? [];
    if (role === GATEWAY) {
      if (!metrics.some((m) => m.type === "Pods" && m.pods?.metric?.name === "parley_gateway_calls_active")) {
        problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: the gateway scales on live calls (Pods metric parley_gateway_calls_active)`);
      }
    } else if (!metrics.some((m) => m.type === "Resource" && m.resource?.name === "cpu")) {
      problems.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: ${role} scales on CPU (Resource metric cpu)`);
    }
  }
  for (const h of hpas) {
    const ref = h.spec?.scaleTargetRef ?? {};
    if (!workloads.some((w) => w.kind === ref.kind && w.metadata?.name === ref.name)) {
      problems.push(`HorizontalPodAutoscaler/${h.metadata?.name}: scales ${ref.kind}/${ref.name}, which is not rendered`);
    }
    if ((h.spec?.minReplicas ?? 1) > h.spec?.maxReplicas) {
      problems.push(`HorizontalPodAutoscaler/${h.metadata?.name}: minReplicas > maxReplicas`);
    }
  }

  // Disruption budgets for every Parley service.
  for (const [role, w] of byRole) {
    if (!pdbs.some((p) => selects(p.spec?.selector, w.labels))) {
      problems.push(`${w.obj.kind}/${w.obj.metadata?.name}: no PodDisruptionBudget selects its pods`);
    }
  }
  for (const p of pdbs) {
    if (!allPodLabels.some((w) => selects(p.spec?.selector, w.labels))) {
      problems.push(`PodDisruptionBudget/${p.metadata?.name}: selects no rendered pod template`);
    }
  }

  // NetworkPolicies: deny by default, DNS for all, backends reached by the gateway only, Kafka by the services only.
  const isDefaultDeny = (p) =>
    Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
    ["Ingress", "Egress"].every((t) => (p.spec?.policyTypes ?? []).includes(t)) &&
    !(p.spec?.ingress ?? []).length && !(p.spec?.egress ?? []).length;
  if (!policies.some(isDefaultDeny)) {
    problems.push("no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)");
  }
  const allowsDns = policies.some((p) =>
    Object.keys(p.spec?.podSelector ?? {}).length === 0 &&
    (p.spec?.egress ?? []).some((r) => (r.ports ?? []).some((x) => x.port === 53 && (x.protocol ?? "TCP") === "UDP")));
  if (!allowsDns) problems.push("no NetworkPolicy lets every pod reach DNS (egress UDP 53)");
  const selecting = (labels) => policies.filter((p) => selects(p.spec?.podSelector, labels) && !isDefaultDeny(p));
  const peerOnly = (policyName, peer, allowed, what) => {
    if (peer.ipBlock || peer.namespaceSelector || !peer.podSelector) {
      problems.push(`NetworkPolicy/${policyName}: lets in peers beyond ${what} (ipBlock or namespaceSelector)`);
      return;
    }
    for (const w of allPodLabels) {
      if (selects(peer.podSelector, w.labels) && !allowed(w.labels)) {
        problems.push(`NetworkPolicy/${policyName}: lets ${w.name} in; only ${what} may connect`);
      }
    }
  };
  for (const [role, w] of byRole) {
    if (selecting(w.labels).length === 0) {
      problems.push(`${w.obj.kind}/${w.obj.metadata?.name}: no NetworkPolicy allows its traffic (default-deny blocks it)`);
    }
  }
  if (gateway) {
    for (const role of Object.values(BACKENDS)) {
      const w = byRole.get(role);
      if (!w) continue;
      for (const p of selecting(w.labels)) {
        for (const rule of p.spec?.ingress ?? []) {
          if (!(rule.from ?? []).length) problems.push(`NetworkPolicy/${p.metadata.name}: an ingress rule without 'from' lets anyone reach ${role}`);
          for (const peer of rule.from ?? []) peerOnly(p.metadata.name, peer, (l) => selects(gateway.obj.spec?.selector, l), `the gateway (${role})`);
        }
      }
    }
  }
  const kafka = workloads.find((w) => w.metadata?.name === "kafka");
  if (kafka) {
    const parleyPods = [...byRole.values()].map((w) => w.labels);
    const isParley = (l) => parleyPods.some((pl) => Object.entries(pl).every(([k, v]) => l[k] === v));
    const kafkaLabels = kafka.spec?.template?.metadata?.labels ?? {};
    const kafkaPolicies = selecting(kafkaLabels);
    if (!kafkaPolicies.length) problems.push("StatefulSet/kafka: no NetworkPolicy selects it");
    for (const p of kafkaPolicies) {
      for (const rule of p.spec?.ingress ?? []) {
        if (!(rule.from ?? []).length) problems.push(`NetworkPolicy/${p.metadata.name}: an ingress rule without 'from' lets anyone reach Kafka`);
        for (const peer of rule.from ?? []) peerOnly(p.metadata.name, peer, isParley, "the Parley services (Kafka)");
      }
    }
  }

  // Ingress: where one is rendered, every public path reaches the workload that serves it.
  const ingresses = objects.filter((o) => o.kind === "Ingress");
  if (ingresses.length) {
    const routes = [];
    for (const ing of ingresses) {
      for (const rule of ing.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
          const id = `Ingress/${ing.metadata?.name} ${path.path}`;
          const svcName = path.backend?.service?.name;
          const svc = services.find((s) => s.metadata?.name === svcName);
          if (!svc) {
            problems.push(`${id}: Service ${svcName} is not rendered`);
            continue;
          }
          const port = path.backend.service.port ?? {};
          if (!(svc.spec?.ports ?? []).some((p) => (port.name && p.name === port.name) || (port.number && p.port === port.number))) {
            problems.push(`${id}: Service ${svcName} has no port ${port.name ?? port.number}`);
          }
          if (path.path === "/" || (path.path ?? "").startsWith("/q")) {
            problems.push(`${id}: exposes /q (health, metrics) or everything; route the public paths one by one`);
          }
          routes.push({ path: path.path, svc });
        }
      }
    }
    for (const [path, role] of Object.entries(PUBLIC_PATHS)) {
      const w = byRole.get(role);
      if (!w) continue;
      const route = routes.find((r) => path === r.path || path.startsWith(r.path.replace(/\/$/, "") + "/"));
      if (!route) problems.push(`no Ingress routes ${path} (served by ${role})`);
      else if (!selects(route.svc.spec?.selector, w.labels)) problems.push(`Ingress routes ${path} to Service/${route.svc.metadata.name}, which does not select ${role}`);
    }
  }
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node validate.mjs RENDERED.yaml...");
    process.exit(2);
  }
  let failed = false;
  for (const file of files) {
    const { count, problems } = await validateFile(file);
    if (problems.length) {
      failed = true;
      console.error(`${file}: ${problems.length} problem(s) in ${count} objects`);
      for (const p of problems) console.error(`  - ${p}`);
    } else {
      console.log(`${file}: ${count} objects valid`);
    }
  }
  process.exit(failed ? 1 : 0);
}

// Run as a command (node validate.mjs FILE...); imported (selftest.mjs), only export.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
