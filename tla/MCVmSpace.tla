----------------------------- MODULE MCVmSpace -----------------------------
(* Model-checking bounds for VmSpace: model values for CPUs, frames, owner ids and   *)
(* cursor handles, the symmetry sets the large model uses, and nothing else.         *)
EXTENDS VmSpace, TLC

CONSTANTS c1, c2, f1, f2, f3, i1, i2, i3, k1, k2

\* Frames, owner ids and cursor handles are interchangeable: permuting them maps a
\* behaviour to a behaviour (no action or invariant names a particular one).
Symmetry == Permutations({f1, f2, f3}) \cup Permutations({i1, i2, i3})
            \cup Permutations({k1, k2})
=============================================================================
