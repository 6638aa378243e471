# shellcheck shell=bash
# The bundled ITFlow simulator, started and stopped by the scripts that need one (demo.sh,
# integration.sh, release.sh, matrix.sh's smoke step). Source it, then:
#
#   sim_start SIMULATOR_DIR PROFILE KEYS_FILE LOG   start it; sets SIM_PID
#   sim_export_admin KEYS_FILE                      export ITFLOW_URL, ITFLOW_API_KEY, ITFLOW_DECRYPT_PASSWORD
#   sim_stop                                        stop it (safe to call when none was started)
#
# `python` on PATH runs it; SIMULATOR_DIR is the folder holding the itflow_sim package
# (tests/simulator of a checkout or of an installed collection).

# sim_start SIMULATOR_DIR PROFILE KEYS_FILE LOG: start itflow_sim on 127.0.0.1 at a free port with the
# "empty" seed, its keys written to KEYS_FILE and its output to LOG, and wait up to 20 s for the keys.
# If it does not start, print LOG and fail.
sim_start() {
    local dir=$1 profile=$2 keys=$3 log=$4 _
    PYTHONPATH="$dir${PYTHONPATH:+:$PYTHONPATH}" python -m itflow_sim --host 127.0.0.1 --port 0 --profile "$profile" \
        --seed empty --keys-file "$keys" >"$log" 2>&1 &
    SIM_PID=$!
    for _ in $(seq 1 200); do
        [ -s "$keys" ] && return 0
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -s "$keys" ] && return 0
    cat "$log" >&2
    echo "the ITFlow simulator (profile $profile) did not start" >&2
    return 1
}

# sim_export_admin KEYS_FILE: the connection of the simulator's admin key, as environment variables.
sim_export_admin() {
    eval "$(python - "$1" <<'PY'
import json, shlex, sys
with open(sys.argv[1]) as handle:
    document = json.load(handle)
admin = document["keys"]["admin"]
for name, value in (("ITFLOW_URL", document["url"]), ("ITFLOW_API_KEY", admin["api_key"]),
                    ("ITFLOW_DECRYPT_PASSWORD", admin.get("decrypt_password") or "")):
    print("export %s=%s" % (name, shlex.quote(value)))
PY
)"
}

# sim_stop: stop the simulator sim_start started, if any.
sim_stop() {
    if [ -n "${SIM_PID:-}" ]; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
        SIM_PID=""
    fi
}
