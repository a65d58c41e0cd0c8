"""Element-wise mean of N checkpoints' weights ("model soup"), e.g. rerankers of different seeds trained from the
same initialisation with the same recipe. Every checkpoint must have the same state-dict keys, shapes and dtypes
(and the same model config and tokenizer); otherwise it stops with the differences listed. Non-float tensors
(integer buffers) must be identical and are copied. Everything except the weights (config, tokenizer, args, ...)
is taken from the first checkpoint; optimiser / RNG state is dropped; "averaged" lists the inputs.

  /usr/bin/python3 average_ckpt.py --out runs/rr128e_soup/final.pt runs/rr128e/final.pt runs/rr128e2/final.pt
"""
import _env  # noqa: F401
import argparse
import os
import sys

import torch


def average(cks, paths):
    """Mean of the "model" state dicts of the loaded checkpoints; SystemExit with a readable message on mismatch."""
    errs = []
    ref = cks[0]["model"]
    for p, c in zip(paths[1:], cks[1:]):
        sd = c["model"]
        missing, extra = sorted(set(ref) - set(sd)), sorted(set(sd) - set(ref))
        if missing:
            errs.append(f"{p}: missing keys {missing[:10]}{' ...' if len(missing) > 10 else ''}")
        if extra:
            errs.append(f"{p}: unexpected keys {extra[:10]}{' ...' if len(extra) > 10 else ''}")
        for k in ref:
            if k in sd and (sd[k].shape != ref[k].shape or sd[k].dtype != ref[k].dtype):
                errs.append(f"{p}: {k} is {tuple(sd[k].shape)} {sd[k].dtype}, {paths[0]} has {tuple(ref[k].shape)} {ref[k].dtype}")
        for field in ("config", "tokenizer"):
            if c.get(field) != cks[0].get(field):
                errs.append(f"{p}: {field} differs from {paths[0]}: {c.get(field)!r} vs {cks[0].get(field)!r}")
    if errs:
        sys.exit("average_ckpt: checkpoints do not match:\n  " + "\n  ".join(errs))
    out = {}
    for k, v in ref.items():
        if v.is_floating_point():
            out[k] = torch.stack([c["model"][k].to(torch.float64) for c in cks]).mean(0).to(v.dtype)
        else:
            if any(not torch.equal(c["model"][k], v) for c in cks[1:]):
                sys.exit(f"average_ckpt: non-float tensor {k} differs between checkpoints; cannot average it")
            out[k] = v.clone()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ckpts", nargs="+")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if len(a.ckpts) < 2:
        sys.exit("average_ckpt: give at least two checkpoints")
    cks = [torch.load(p, map_location="cpu") for p in a.ckpts]
    for p, c in zip(a.ckpts, cks):
        if "model" not in c:
            sys.exit(f"average_ckpt: {p} has no 'model' state dict")
    sd = average(cks, a.ckpts)
    out = {k: v for k, v in cks[0].items() if k not in ("model", "opt", "rng", "torch_rng")}
    out.update({"model": sd, "averaged": list(a.ckpts)})
    # the members' interpolation weights were chosen for each member alone: do not inherit one
    out.pop("interpolation", None)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(out, a.out)
    dist = [max(float((c["model"][k].float() - sd[k].float()).abs().max()) for k in sd if sd[k].is_floating_point()) for c in cks]
    print(f"averaged {len(cks)} checkpoints, {len(sd)} tensors, {sum(v.numel() for v in sd.values()):,} values -> {a.out}; "
          f"max |member - mean| per member: " + ", ".join(f"{d:.4g}" for d in dist))


if __name__ == "__main__":
    main()
