#!/usr/bin/env bash
# The standalone single-node KRaft Kafka broker of the local, Docker-free stack (Kafka 4.1.1 from Maven artifacts).
#
#   deploy/local/kafka.sh start    format the data directory on first use, start the broker, wait until it serves
#   deploy/local/kafka.sh stop     controlled shutdown (SIGTERM), SIGKILL after 30 s
#   deploy/local/kafka.sh status   exit 0 when running, 3 when not
#   deploy/local/kafka.sh reset    stop, then delete the broker's data (topics, offsets, cluster id)
#   deploy/local/kafka.sh topics [TOPIC...]   create missing topics (default: the event topics analytics reads)
#
# Needs `cd deploy && mvn -q package` (or a full build) to have filled deploy/target/kafka-libs.
# Environment (all optional):
#   PARLEY_KAFKA_DIR              config copy, data, broker.log, broker.pid   (default: <repo>/.parley/kafka)
#   PARLEY_KAFKA_PORT             client listener                              (default: 9092)
#   PARLEY_KAFKA_CONTROLLER_PORT  KRaft controller listener                    (default: 9093)
#   PARLEY_KAFKA_HEAP             maximum heap                                 (default: 512m)
#   PARLEY_KAFKA_START_TIMEOUT    seconds to wait for "Kafka Server started"   (default: 90)
#   PARLEY_KAFKA_PARTITIONS       partitions of topics created by `topics`     (default: 3)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
libs="$repo/deploy/target/kafka-libs"
dir="${PARLEY_KAFKA_DIR:-$repo/.parley/kafka}"
port="${PARLEY_KAFKA_PORT:-9092}"
controller_port="${PARLEY_KAFKA_CONTROLLER_PORT:-9093}"
heap="${PARLEY_KAFKA_HEAP:-512m}"
timeout="${PARLEY_KAFKA_START_TIMEOUT:-90}"
# deploy/local/kafka holds simplelogger.properties, the broker's logging configuration.
classpath="$libs/*:$here/kafka"
pidfile="$dir/broker.pid"
log="$dir/broker.log"

die() { echo "kafka.sh: $*" >&2; exit 1; }

# Running = the recorded pid is alive and is a Kafka broker (not a process that reused the pid after a reboot).
running() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  [ ! -r "/proc/$pid/cmdline" ] || tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'kafka\.Kafka'
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  if running; then
    echo "kafka already running (pid $(cat "$pidfile")) on localhost:$port"
    return 0
  fi
  [ -f "$libs/kafka_2.13-4.1.1.jar" ] || die "no broker classpath in $libs: run 'cd $repo/deploy && mvn -q package' first"
  command -v java >/dev/null || die "java not found"
  for p in "$port" "$controller_port"; do
    port_busy "$p" && die "port $p is already in use (another Kafka?); set PARLEY_KAFKA_PORT / PARLEY_KAFKA_CONTROLLER_PORT"
  done
  mkdir -p "$dir/data"

  # The shipped server.properties, with this machine's data directory and ports appended (the last occurrence wins).
  {
    cat "$here/kafka/server.properties"
    echo
    echo "# --- appended by deploy/local/kafka.sh ---"
    echo "log.dirs=$dir/data"
    echo "listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$controller_port"
    echo "advertised.listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$controller_port"
    echo "controller.quorum.bootstrap.servers=localhost:$controller_port"
  } > "$dir/server.properties"

  if [ ! -f "$dir/data/meta.properties" ]; then
    cluster_id="$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)" || die "could not generate a cluster id"
    java -cp "$classpath" kafka.tools.StorageTool format \
      --cluster-id "$cluster_id" --config "$dir/server.properties" --standalone >"$dir/format.log" 2>&1 \
      || { cat "$dir/format.log" >&2; die "formatting $dir/data failed"; }
  fi

  [ -f "$log" ] && mv -f "$log" "$log.1"
  # SerialGC + C1 only: a small local broker starts in ~2-3 s instead of ~8 s on 2 busy cores and uses less memory.
  nohup java -Xms128m -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -cp "$classpath" kafka.Kafka "$dir/server.properties" >"$log" 2>&1 </dev/null &
  echo $! > "$pidfile"

  local waited=0 pid
  pid="$(cat "$pidfile")"
  until grep -q "Kafka Server started" "$log" 2>/dev/null; do
    # Whether the process lives, not what its command line says: on a busy machine the first look can come before
    # the forked shell has exec'd java, when its command line is still this script's.
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log" >&2 || true
      rm -f "$pidfile"
      die "broker exited during start-up (log: $log)"
    fi
    if [ "$waited" -ge $((timeout * 4)) ]; then
      tail -n 30 "$log" >&2 || true
      stop
      die "broker not started after ${timeout}s (log: $log)"
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  echo "kafka started (pid $(cat "$pidfile")): bootstrap servers localhost:$port"
}

stop() {
  if ! running; then
    rm -f "$pidfile"
    echo "kafka not running"
    return 0
  fi
  local pid waited=0
  pid="$(cat "$pidfile")"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 120 ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  rm -f "$pidfile"
  echo "kafka stopped"
}

# Kafka Streams does not create its source topics; keep in step with contracts' Topics.ALL (plus analytics' erasure requests).
event_topics=(parley.calls parley.turns parley.latency parley.engines parley.call-erasures)

topics() {
  running || die "kafka is not running"
  local wanted=("$@")
  [ "${#wanted[@]}" -gt 0 ] || wanted=("${event_topics[@]}")
  java -cp "$classpath" "$here/kafka/CreateTopics.java" "localhost:$port" "${PARLEY_KAFKA_PARTITIONS:-3}" "${wanted[@]}" \
    || die "creating topics failed"
}

case "${1:-}" in
  start) start ;;
  topics) shift; topics "$@" ;;
  stop) stop ;;
  status)
    if running; then echo "kafka running (pid $(cat "$pidfile")) on localhost:$port"; else echo "kafka not running"; exit 3; fi ;;
  reset)
    stop
    rm -rf "$dir/data" "$dir/server.properties" "$dir/format.log"
    echo "kafka data removed from $dir" ;;
  *) echo "usage: $0 start|stop|status|reset|topics [TOPIC...]" >&2; exit 2 ;;
esac
