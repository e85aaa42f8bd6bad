"""Generates the reference vectors of AttentionReferenceTests / SoftmaxFunctionalsTests / GaussQuadratureTests.

Run:  cd /work/shared/reference/attention && /usr/bin/python3 <this file>
(numpy + scipy; the reference code is ../shared/reference/attention: predict.py, softmax_stats.py, extras.py.)

Pair statistics: predict.py's _pair_stats interpolates its pi tables linearly on 20 values of ln v and
ds = 0.05 in s and uses a 20x20 Gauss-Hermite rule. That discretisation carries up to 0.6 % error in
E<P,P'> (V=4, D=10, L=512), i.e. up to ~0.3 % of the gradient variance. The vectors are therefore generated with
the same code but refined tables (CondTable nv=80, ds=0.01, 40x40 Gauss-Hermite) -- 'refined' below -- and the
unrefined value is printed beside it (as a comment) for the record.
"""
import sys, os
sys.path.insert(0, os.getcwd())
import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import roots_genlaguerre
import predict, softmax_stats, extras
from predict import predict_sha, predict_mha, predict_sha_closed, d_eff

Orig = softmax_stats.CondTable
class Fine(Orig):
    def __init__(self, L, vmin, vmax, nv=80, ds=0.01):
        super().__init__(L, vmin, vmax, nv=nv, ds=ds)

def refined(f, *a, **k):
    zh, wh = predict._ZH, predict._WH
    predict.CondTable = Fine
    predict._ZH, predict._WH = hermegauss(40); predict._WH = predict._WH / predict._WH.sum()
    try:
        return f(*a, **k)
    finally:
        predict.CondTable = Orig
        predict._ZH, predict._WH = zh, wh

def g(x): return repr(float(x))

# (sx2, r, sq2, sk2, sv2, p, sg2, rg, n, d, L)
sha = []
# grid (a): sigma_x = 1, sigma_{q,k} = c/sqrt(n), c in {0.1, 0.245, 0.6}, n in {100, 316, 1000}; the grid's L in {300, 547, 1000}
# is restricted to L = 1000 here so the C# tests build fewer per-L tables (test time)
for (r, c, cv, p, sg, rg, n, d, L) in [
        (0, 0.6, 1.0, 0, 1.0, 0, 100, 32, 1000), (0, 0.6, 0.316, 1/3, 3.162, 1/3, 100, 128, 1000),
        (1/3, 0.245, 1.0, 2/3, 1.0, 2/3, 316, 64, 1000), (2/3, 0.6, 3.162, 0, 0.316, 0, 1000, 256, 1000),
        (0, 0.1, 1.0, 1/3, 1.0, 0, 316, 32, 1000), (1/3, 0.6, 1.0, 1/3, 1.0, 1/3, 100, 64, 1000)]:
    sha.append((1.0, r, c*c/n, c*c/n, cv*cv/n, p, sg*sg, rg, n, d, L))
# grid (b): Xavier-sized Q, K (c in {0.6, 1.0, 1.2, 1.41}), n in {64, 256}, d in {16, 64}, L in {32, 128, 512}
for (r, c, cv, p, sg, rg, n, d, L) in [
        (0, 1.41, 1.0, 0, 1.0, 0, 64, 16, 512), (0, 1.41, 1.0, 0, 1.0, 2/3, 64, 16, 512),
        (1/3, 1.2, 1.0, 1/3, 1.0, 1/3, 256, 64, 128), (0, 1.0, 3.162, 2/3, 0.316, 0, 64, 64, 32),
        (2/3, 1.41, 1.0, 2/3, 1.0, 2/3, 256, 16, 32), (0, 0.6, 1.0, 0, 1.0, 1/3, 256, 16, 128),
        (1/3, 1.0, 1.0, 0, 3.162, 0, 64, 16, 128), (0, 1.2, 0.316, 1/3, 1.0, 2/3, 64, 64, 512),
        (0, 1.41, 1.0, 1/3, 1.0, 1/3, 256, 64, 32), (2/3, 1.0, 1.0, 0, 1.0, 0, 256, 64, 512),
        (0, 1.41, 1.0, 0, 1.0, 0.5, 64, 16, 1000), (1/3, 1.2, 1.0, 0.1, 1.0, 0.2, 64, 16, 1000)]:
    sha.append((1.0, r, c*c/n, c*c/n, cv*cv/n, p, sg*sg, rg, n, d, L))
# non-unit sigma_x and r = 1 / S2 = 0 edge cases
sha.append((2.0, 0.2, 0.5/256, 0.25/256, 1/256, 0.1, 1.0, 0.3, 256, 32, 128))
sha.append((1.0, 1.0, 1/64, 1/64, 1/64, 0.2, 1.0, 0.3, 64, 16, 32))

print("// --- predict_sha (refined pair tables), ATTENTION.md §7 ---")
print("// sx2, r, sq2, sk2, sv2, p, sg2, rg, n, d, L, var, cov, M2, Ec2   // unrefined var, cov")
for a in sha:
    o = refined(predict_sha, *a)
    u = predict_sha(*a)
    print("{ " + ", ".join(g(x) for x in a) + ", " + ", ".join(g(o[k]) for k in ("var", "cov", "M2", "Ec2")) + " }, // "
          + g(u["var"]) + " " + g(u["cov"]))

print("// --- path terms for the first grid (b) config with r_g > 0: VV QQ KK VK VVc QQc KKc VKc")
o = refined(predict_sha, *sha[7]); print(", ".join(g(o[k]) for k in ("VV", "QQ", "KK", "VK", "VVc", "QQc", "KKc", "VKc")))

print("// --- predict_mha, §10.6 example: dm=256, h=4, L=128, p=ph=0.1, Xavier per head 2/(dm+dh), so2=1/dm")
x = 2 / (256 + 64)
for (r, rg) in ((0.2, 0.0), (0.2, 0.5), (0.8, 0.0), (0.8, 0.5)):
    o = refined(predict_mha, 1.0, r, x, x, x, 1 / 256, 0.1, 0.1, 1.0, rg, 256, 4, 128)
    u = predict_mha(1.0, r, x, x, x, 1 / 256, 0.1, 0.1, 1.0, rg, 256, 4, 128)
    print(f"{{ {r}, {rg}, {g(o['var'])}, {g(o['cov'])} }}, // unrefined {g(u['var'])} {g(u['cov'])}")

print("// --- predict_sha_closed (grid (a) configs 0..5)")
for a in sha[:6]:
    o = predict_sha_closed(*a); print("{ " + g(o["var"]) + ", " + g(o["cov"]) + " },")

print("// --- row_stats: v, L, m1 m2 m3 m4 m22 F H1 H2 G Tt tJt")
keys = ("m1", "m2", "m3", "m4", "m22", "F", "H1", "H2", "G", "Tt", "tJt")
for (v, L) in ((1e-4, 32), (0.01, 2), (0.5, 32), (1.0, 128), (2.5, 1000), (4.0, 32), (8.0, 512), (20.0, 128), (0.13, 1000), (3.0, 2)):
    st = softmax_stats.row_stats(np.array([v]), L)
    print("{ " + g(v) + ", " + str(L) + ", " + ", ".join(g(st[k][0]) for k in keys) + " },")

print("// --- _pair_stats refined: Vb, r, D, L, O, OK, cO, cOK")
for (Vb, r, n, d, L) in ((4.0, 0.0, 64, 16, 512), (0.5, 0.5, 64, 16, 32), (2.0, 1/3, 64, 64, 32), (1.3, 2/3, 256, 16, 128)):
    De = d_eff(n, d)
    o = refined(predict._pair_stats, Vb, r, De, L)
    print("{ " + ", ".join(g(x) for x in (Vb, r, De, L) + tuple(o)) + " },")

print("// --- roots_genlaguerre(N, alpha) / hermegauss(N): N, alpha, nodes..., normalised weights...")
for (N, al) in ((12, d_eff(64, 16) / 2 - 1), (6, d_eff(256, 64) / 2 - 1), (5, 0.25 - 1)):
    x, w = roots_genlaguerre(N, al); w = w / w.sum()
    print(f"L {N} {g(al)} | " + " ".join(g(t) for t in x) + " | " + " ".join(g(t) for t in w))
for N in (6, 20):
    x, w = hermegauss(N); w = w / w.sum()
    print(f"H {N} | " + " ".join(g(t) for t in x) + " | " + " ".join(g(t) for t in w))

print("// --- extras.ln_r_exact(r, d)")
for d in (2, 4, 16, 100, 1000):
    for r in (-0.4, 0.2, 0.5, 0.9, 0.99):
        print(f"[InlineData({d}, {r}, {g(extras.ln_r_exact(r, d))})]")
