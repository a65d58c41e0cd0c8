"""Import first in every training script: OpenBLAS (libopenblas0-pthread) ignores torch.set_num_threads, so the
BLAS/OpenMP thread count is pinned here BEFORE torch loads. CLINLINK_THREADS (default 1) is the per-process budget."""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, os.environ.get("CLINLINK_THREADS", "1"))
