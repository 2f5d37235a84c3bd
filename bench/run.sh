#!/usr/bin/env bash
# Side-by-side training throughput: Carousel (fused and DL4J layers, hand-written loop and config path) and PyTorch,
# alternating per cell so that each ratio is taken under the same load. Needs the built jar
# (mvn -B -q -DskipTests package) and Debian's torch: apt-get install -y python3-torch libopenblas0-pthread.
# Usage: [SOLVE_SEEDS="7 8 9 10"|none] bench/run.sh [ROUNDS] [REPS] [SECONDS_PER_REP]   (results: bench/results-raw.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
reps=${2:-3}
seconds=${3:-3}
jar=toolkit/target/toolkit.jar
# The fused LSTM's vectorised gates need the Vector API module (see README, Speed).
jvm=(-Xmx2g --add-modules jdk.incubator.vector)
out=bench/results-raw.txt
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
  echo "# rounds=$rounds reps=$reps seconds=$seconds"
} > "$out"
for round in $(seq "$rounds"); do
  for cell in C1 C2 C3; do
    /usr/bin/python3 bench/lstm_bench.py "$cell" "$reps" "$seconds" | tee -a "$out"
    for mode in loop-fused config-fused loop-dl4j config-dl4j; do
      java "${jvm[@]}" -cp "$jar" bench/LstmBench.java "$mode" "$cell" "$reps" "$seconds" 2>/dev/null \
        | grep -E '^(rep|median)' | tee -a "$out" || echo "FAILED: $mode $cell" | tee -a "$out"
    done
  done
done

# Time to solve: configs/adding.yaml (Carousel, fused default) against bench/adding_solve.py (PyTorch, the same
# hyper-parameters and criterion), alternating per seed. Training wall time, process start excluded on both sides.
if [[ "${SOLVE_SEEDS:-7 8 9 10}" != "none" ]]; then
  for seed in ${SOLVE_SEEDS:-7 8 9 10}; do
    /usr/bin/python3 bench/adding_solve.py "$seed" | tee -a "$out"
    dir=$(mktemp -d)
    java "${jvm[@]}" -jar "$jar" run configs/adding.yaml --set "seed=$seed" --no-progress --runs-dir "$dir" 2>/dev/null \
      | grep -E '^(solved|not solved)' | sed "s/^/solve carousel $seed: /" | tee -a "$out"
    rm -rf "$dir"
  done
fi
