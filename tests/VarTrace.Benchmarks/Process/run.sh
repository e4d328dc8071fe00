#!/usr/bin/env bash
# Whole-process bench: publishes vartrace as shipped (Native AOT), generates the checkouts, then
# measures vartrace and real Ansible on them in the same run and prints the ratios.
#
#   tests/VarTrace.Benchmarks/Process/run.sh [--kubespray DIR] [--hosts N] [--runs N] [--work DIR]
#
#   --kubespray DIR  measure a real kubespray checkout instead of the generated kubespray-shaped one
#                    (it is copied; a 7-host inventory is added beside its inventory/sample)
#   --hosts N        hosts of the scale tree (default 5000); the linearity check also runs 2N
#   --runs N         runs per measurement, the median is reported (default 5)
#   --work DIR       where checkouts, binaries and results go (default: a fresh temporary directory)
#
# Wall time and peak RSS come from GNU time (/usr/bin/time) around each whole process, so they
# include start-up, as a user or a CI bot sees it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
here="$repo/tests/VarTrace.Benchmarks/Process"
kubespray="" hosts=5000 runs=5 work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kubespray) kubespray=$(cd "$2" && pwd); shift 2 ;;
    --hosts) hosts=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
work=${work:-$(mktemp -d -t vartrace-bench.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)

for tool in dotnet python3 ansible-playbook ansible-inventory /usr/bin/time clang; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run.sh: \`$tool\` is missing (Debian: apt-get install ansible-core time clang zlib1g-dev; and the .NET 10 SDK)" >&2
    exit 2
  fi
done

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(dotnet --version | sed 's/^/.NET SDK /'), $(ansible-playbook --version | sed -n 1p)"
echo "== work directory: $work"

echo "== publishing vartrace (Native AOT)"
dotnet publish "$repo/src/VarTrace.Cli" -c Release -r linux-x64 -o "$work/bin" -v q -nologo >"$work/publish.log" 2>&1 || { tail -20 "$work/publish.log"; exit 1; }
vartrace="$work/bin/vartrace"

# ---- checkouts ------------------------------------------------------------------------------
if [ -n "$kubespray" ]; then
  echo "== copying the kubespray checkout $kubespray"
  rm -rf "$work/kubespray"
  mkdir -p "$work/kubespray"
  (cd "$kubespray" && tar --exclude=.git -cf - .) | (cd "$work/kubespray" && tar -xf -)
  cp -r "$work/kubespray/inventory/sample/." "$work/kubespray/inventory/bench/"
  python3 - "$work/kubespray/inventory/bench/hosts.yaml" <<'EOF'
import sys
hosts = "".join(f"    node{i}:\n      ansible_host: 10.0.0.{i}\n      ip: 10.0.0.{i}\n      access_ip: 10.0.0.{i}\n" for i in range(1, 8))
groups = {"kube_control_plane": [1, 2], "kube_node": range(3, 8), "etcd": [1, 2, 3]}
children = "".join(f"    {g}:\n      hosts:\n" + "".join(f"        node{i}:\n" for i in members) for g, members in groups.items())
children += "    k8s_cluster:\n      children:\n        kube_control_plane:\n        kube_node:\n    calico_rr:\n      hosts: {}\n"
open(sys.argv[1], "w").write("all:\n  hosts:\n" + hosts + "  children:\n" + children)
EOF
  inventory=inventory/bench/hosts.yaml
else
  echo "== generating the kubespray-shaped checkout"
  python3 "$here/generate_checkout.py" kubespray "$work/kubespray"
  inventory=inventory/sample/hosts.yaml
fi
checkout="$work/kubespray"
yaml_files=$(find "$checkout" -name '*.yml' -o -name '*.yaml' | wc -l)
yaml_bytes=$(find "$checkout" \( -name '*.yml' -o -name '*.yaml' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "   $(find "$checkout/roles" -type d \( -name defaults -o -name tasks \) | sed 's#/[a-z]*$##' | sort -u | wc -l) roles, $yaml_files YAML files, $((yaml_bytes / 1024)) KiB"

echo "== generating the scale tree ($hosts and $((2 * hosts)) hosts)"
python3 "$here/generate_checkout.py" scale "$work/scale" --hosts "$hosts"
python3 "$here/generate_checkout.py" scale "$work/scale2x" --hosts "$((2 * hosts))"

# The stripped copy real ansible-playbook resolves: every task and handler file emptied, then a
# playbook that runs one debug task inside the calico role on node1 (no facts, local connection).
stripped="$work/kubespray-stripped"
rm -rf "$stripped"
cp -r "$checkout" "$stripped"
find "$stripped/roles" \( -path '*/tasks/*' -o -path '*/handlers/*' \) \( -name '*.yml' -o -name '*.yaml' \) -exec sh -c 'echo "[]" > "$1"' _ {} \;
cat >"$stripped/roles/network_plugin/calico/tasks/main.yml" <<'EOF'
- name: Resolve one variable inside the role
  ansible.builtin.debug:
    var: kube_network_node_prefix
EOF
cat >"$stripped/resolve-one-context.yml" <<'EOF'
- name: One role context on one host
  hosts: node1
  gather_facts: false
  roles:
    - role: kubespray-defaults
    - role: network_plugin/calico
EOF

# ---- measuring ------------------------------------------------------------------------------
declare -A wall rss
results="$work/results.txt"
: >"$results"

# measure LABEL DIR COMMAND...: runs COMMAND in DIR $runs times (1 for slow ones: RUNS=1 before
# the call), keeps the median wall time and the largest peak RSS.
measure() {
  local label=$1 dir=$2 n=${RUNS:-$runs}
  shift 2
  local times=() peak=0
  for ((i = 0; i < n; i++)); do
    # Exit 1 is an answer (`check` found something, `explain` found nothing); 2 and up are errors.
    local status=0
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt") || status=$?
    if ((status > 1)); then
      echo "   $label: FAILED ($*)" >&2
      tail -5 "$work/stderr.txt" >&2
      return 1
    fi
    read -r seconds kilobytes < <(tail -1 "$work/time.txt")
    times+=("$seconds")
    ((kilobytes > peak)) && peak=$kilobytes
  done
  wall[$label]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  rss[$label]=$((peak / 1024))
  printf '   %-44s %8.3f s  %6d MiB  (median of %d)\n' "$label" "${wall[$label]}" "${rss[$label]}" "$n" | tee -a "$results"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.1f" : "inf"), a / b }'; }

echo "== kubespray-scale checkout, 7 hosts"
measure "vartrace explain (play level)" "$checkout" "$vartrace" explain kube_network_node_prefix --host node1 -i "$inventory"
measure "vartrace explain --role" "$checkout" "$vartrace" explain kube_network_node_prefix --host node1 -i "$inventory" --role network_plugin/calico
measure "vartrace values --host node1" "$checkout" "$vartrace" values --host node1 -i "$inventory"
measure "vartrace values --limit all (7 hosts)" "$checkout" "$vartrace" values --limit all -i "$inventory"
# Hook for `vartrace check` (every host and context; target 500 ms): measured once the command exists.
if "$vartrace" check --help >/dev/null 2>&1; then
  measure "vartrace check (every host and context)" "$checkout" "$vartrace" check -i "$inventory"
else
  echo "   vartrace check                               (not in this build: skipped)"
fi
measure "python3 + ansible start-up (--version)" "$checkout" ansible-playbook --version
measure "ansible-inventory --host node1" "$checkout" ansible-inventory -i "$inventory" --host node1
RUNS=$(( runs < 3 ? runs : 3 )) measure "ansible-playbook, one role context" "$stripped" \
  ansible-playbook -i "$inventory" resolve-one-context.yml -e ansible_connection=local -e ansible_python_interpreter=/usr/bin/python3

echo "== scale tree: values for every host"
RUNS=$(( runs < 3 ? runs : 3 )) measure "vartrace values --limit all, $hosts hosts" "$work/scale" "$vartrace" values --limit all
RUNS=$(( runs < 3 ? runs : 3 )) measure "vartrace values --limit all, $((2 * hosts)) hosts" "$work/scale2x" "$vartrace" values --limit all
RUNS=1 measure "vartrace values --limit all --format json, $hosts" "$work/scale" "$vartrace" values --limit all --format json
RUNS=1 measure "ansible-inventory --list, $hosts hosts" "$work/scale" ansible-inventory --list

explain=${wall["vartrace explain --role"]}
echo "== ratios (same run)"
{
  echo "   ansible-playbook one context / vartrace explain --role:  $(ratio "${wall["ansible-playbook, one role context"]}" "$explain")x"
  echo "   ansible-inventory --host / vartrace explain --role:       $(ratio "${wall["ansible-inventory --host node1"]}" "$explain")x"
  echo "   python3 + ansible start-up / vartrace explain --role:     $(ratio "${wall["python3 + ansible start-up (--version)"]}" "$explain")x"
  echo "   ansible-inventory --list / vartrace values, $hosts hosts: $(ratio "${wall["ansible-inventory --list, $hosts hosts"]}" "${wall["vartrace values --limit all, $hosts hosts"]}")x"
  echo "   linearity, $((2 * hosts)) vs $hosts hosts: time $(ratio "${wall["vartrace values --limit all, $((2 * hosts)) hosts"]}" "${wall["vartrace values --limit all, $hosts hosts"]}")x, peak RSS $(ratio "${rss["vartrace values --limit all, $((2 * hosts)) hosts"]}" "${rss["vartrace values --limit all, $hosts hosts"]}")x (target: at most 2.0x each)"
  awk -v e="$explain" 'BEGIN { printf "   target explain <= 0.150 s: %s\n", (e <= 0.150 ? "holds" : "MISSED") }'
  awk -v v="${wall["vartrace values --limit all, $hosts hosts"]}" -v m="${rss["vartrace values --limit all, $hosts hosts"]}" \
    'BEGIN { printf "   target values for every host <= 5 s and 1024 MiB: %s\n", (v <= 5 && m <= 1024 ? "holds" : "MISSED") }'
} | tee -a "$results"
echo "== results: $results"
