# The benchmarks' publisher side: PublishVersions.java driven over two FIFOs. Sourced by lib.sh and
# switch.sh after the caller set here, work, cp and the array pids.

# The publisher (PublishVersions.java) reads "N" lines on a FIFO and answers on another, which
# await_ready reads with blocking reads, copying each line to $work/pub.out: no polling loop (a grep and
# a sleep every 10 ms took 0.6 s of CPU in 8 s of switch.sh, on whichever core the script ran). Args:
# SNAPSHOT_EVERY ZONEFILE...; publisher_launch (an array, default empty) prefixes the java command,
# e.g. (nice -n 19 taskset -c 1).
start_publisher() {
  mkfifo "$work/pub.in" "$work/pub.fifo"
  : > "$work/pub.out"
  "${publisher_launch[@]}" java -Xmx${PUBLISHER_HEAP:-1g} -cp "$cp" "$here/PublishVersions.java" "$work/credentials/publisher.properties" \
       "$work/publisher-signing.key" "$@" <"$work/pub.in" >"$work/pub.fifo" 2>"$work/pub.err" &
  publisher_pid=$!
  pids+=($!)
  exec {pub_in}>"$work/pub.in"
  exec {pub_out}<"$work/pub.fifo"
  await_ready || { cat "$work/pub.err" >&2; exit 1; }
}
# Until the publisher's next "ready" line (false if it exits first, or says nothing for 10 minutes).
await_ready() {
  local line
  while IFS= read -r -t 600 line <&"$pub_out"; do
    printf '%s\n' "$line" >> "$work/pub.out"
    [[ $line == ready* ]] && return 0
  done
  return 1
}
publish() { # N -> waits until the publisher reports them committed
  echo "$1" >&"$pub_in"
  await_ready || { cat "$work/pub.err" >&2; exit 1; }
}
last_committed() { awk '/^committed/{s=$2} END{print s}' "$work/pub.out"; }
