// Validates rendered Kubernetes manifests (multi-document YAML files given as arguments).
// 1. Every object against the Kubernetes API schema of its apiVersion/kind (kubernetes-models).
// 2. Parley's own rules: pinned images without a registry host, resources, health probes, no literal secrets,
//    every referenced ConfigMap rendered, every Service selecting a rendered pod template.
// Exit code 1 with one line per problem when anything fails.
import { readFileSync } from "node:fs";
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
  const problems = [];
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj) objects.push(obj);
  }

  const configMaps = new Set(objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata?.name));
  const podLabels = [];

  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
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

  return { count: objects.length, problems };
}

const files = process.argv.slice(2);
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
