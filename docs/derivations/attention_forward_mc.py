import sys, math, numpy as np
sys.path.insert(0, '/work/shared/reference/attention')
from softmax_stats import row_stats, _ugrid, _X, _WX
from predict import _gamma_nodes, d_eff, _pair_stats

def extra_stats(v, L):
    # E sum P t^2, E sum P^2 t^2  (t = s/sqrt v)
    v = np.atleast_1d(np.asarray(v, float))
    u, du = _ugrid(v, L); t = np.exp(u)
    s = np.sqrt(v)[:, None] * _X[None, :]; es = np.exp(s)
    base = np.exp(-t[None, :, None] * es[:, None, :]); phi = base @ _WX
    pw1 = np.exp((L - 1) * np.log(np.maximum(phi, 1e-300)))
    ps = lambda k, m: (base * (es ** k * s ** m)[:, None, :]) @ _WX
    T = t[None, :]
    I = lambda power, fac, f: np.sum(T ** power / fac * f * pw1, 1) * du
    Pt2 = L * I(1, 1, ps(1, 2)) / v
    P2t2 = L * I(2, 1, ps(2, 2)) / v
    return Pt2, P2t2

def theory(sx2, r, sq2, sk2, sv2, p, n, d, L):
    S2 = n*n*sx2*sx2*sq2*sk2; Vb = (1-r)*S2; q = p/(1-p); st2 = (1-r)*sx2
    De = d_eff(n, d); g, w = _gamma_nodes(De/2, 12)
    v = np.maximum(Vb*g, 1e-12)
    st = row_stats(v, L); Pt2, P2t2 = extra_stats(v, L)
    E = lambda a: float(np.sum(w*a))
    M2 = E(st['m2']); SPt_sq = E(Pt2 - st['tJt']); SP2t2 = E(P2t2)
    O = _pair_stats(Vb, r, De, L)[0] if Vb > 1e-12 else 1/L
    var = sv2*(n*r*sx2*(1+q*M2) + st2*((n-1)*M2/(1-p) + SPt_sq + q*SP2t2))
    cov = sv2*(n*r*sx2 + n*st2*O)
    u = 1-r
    avar = n*sv2*sx2*(r + (u*u*(L-1)*S2/n + math.exp(u*S2)/(1-p)*(4*u*u*S2/n+u))/L)
    acov = n*sv2*sx2*(r + (2*u*u*S2/n + u)/L)
    return dict(var=var, cov=cov, avar=avar, acov=acov, M2L=M2*L, OL=O*L, SPt_sq=SPt_sq)

def mc(sx2, r, sq2, sk2, sv2, p, n, d, L, runs, seed=0, dv=64):
    rng = np.random.default_rng(seed)
    vs, cs = [], []
    for _ in range(runs):
        z = rng.standard_normal((1, n)); zi = rng.standard_normal((L, n))
        X = math.sqrt(sx2)*(math.sqrt(r)*z + math.sqrt(1-r)*zi)
        Wq = rng.standard_normal((n, d))*math.sqrt(sq2); Wk = rng.standard_normal((n, d))*math.sqrt(sk2)
        Wv = rng.standard_normal((n, dv))*math.sqrt(sv2)
        Sc = (X@Wq)@(X@Wk).T/math.sqrt(d)
        P = np.exp(Sc - Sc.max(1, keepdims=True)); P /= P.sum(1, keepdims=True)
        if p > 0: P = P*(rng.random(P.shape) > p)/(1-p)
        Y = P@(X@Wv)
        vs.append((Y**2).mean())
        s = Y.sum(0); cs.append(((s**2).sum() - (Y**2).sum())/(L*(L-1)*dv))
    vs, cs = np.array(vs), np.array(cs)
    return vs.mean(), vs.std()/math.sqrt(runs), cs.mean(), cs.std()/math.sqrt(runs)

cases = [ (1,0.2,2/320,2/320,1/256,0.1,256,64,128), (1,0.0,2/320,2/320,1/256,0.0,256,64,128), (1,0.5,4/320,4/320,1/256,0.1,256,64,128),
          (1,0.2,1/256,1/256,1/256,0.1,256,64,512), (1,0.22,0.0245**2/1,0.0245**2,1/256,0.1,256,64,128)]
for c in cases:
    th = theory(*c); m = mc(*c, runs=int(sys.argv[1]) if len(sys.argv)>1 else 200)
    print(c, f"S2={c[6]**2*c[2]*c[3]:.3f}")
    print(f"  var MC {m[0]:.5f}±{m[1]:.5f}  ours {th['var']:.5f} ({(th['var']/m[0]-1)*100:+.1f}%)  authors {th['avar']:.5f} ({(th['avar']/m[0]-1)*100:+.1f}%)")
    print(f"  cov MC {m[2]:.5f}±{m[3]:.5f}  ours {th['cov']:.5f}  authors {th['acov']:.5f};  corr MC {m[2]/m[0]:.4f} ours {th['cov']/th['var']:.4f} authors {th['acov']/th['avar']:.4f}  M2L={th['M2L']:.3f} OL={th['OL']:.3f}")
