#!/usr/bin/env python3
"""Which signals can tell a copy of a story from a different story? A prototype on the raw
texts of the labelled pairs (pairs.tsv), independent of byline's code: word 5-gram Jaccard and
containment over all shingles (j, c) and over the shingles holding a number or a capitalised
word (ji, ci: names and figures, which templated notices change), title-word Jaccard (t), and
days apart (Reuters; the scraped pages' dates are mostly a year only). A grid of rules
"(days <= D) and ((t >= T1 and (sim >= J1 or cont >= C2)) or (t >= T2 and sim >= J2))" is
searched on the tuning pairs for the highest recall at precision >= 0.97 (and at 0.95, 0.90);
each chosen rule is then scored once on the held-out pairs.

Usage: python3 benches/dedup/rules.py   (about 2 s)
"""
import json,glob,re,os,itertools,sys
from datetime import datetime
C=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'corpora'))
reu={}
for f in sorted(glob.glob(C+'/reuters21578/reuters-*.jsonl')):
    for l in open(f,encoding='utf-8',errors='replace'):
        if l.strip():
            r=json.loads(l); reu['reuters:%s'%r['id']]=r
def load(corpus,a):
    if corpus=='reuters':
        r=reu[a]; d=r.get('date','')[:11].strip()
        try: day=datetime.strptime(d,'%d-%b-%Y').toordinal()
        except Exception: day=None
        return r.get('title') or '', r.get('body') or '', day
    t=open(f'{C}/tech-articles-lostflux/articles/{a}',encoding='utf-8',errors='replace').read()
    head,_,body=t.partition('\n\n')
    title=next((l[7:] for l in head.split('\n') if l.startswith('Title: ')),'')
    dl=next((l[6:] for l in head.split('\n') if l.startswith('Date: ')),'')
    try: day=datetime.fromisoformat(dl.strip()[:10]).toordinal()
    except Exception: day=None
    return title, body, day
W=re.compile(r'\w+')
def sh(text,k=5):
    ws=W.findall(text)
    allsh=set(); info=set()
    for i in range(len(ws)-k+1):
        g=ws[i:i+k]; key=' '.join(w.lower() for w in g)
        allsh.add(key)
        if any(w[0].isdigit() or (w[0].isupper() and i+j>0 and not ws[i+j-1].endswith('.')) for j,w in enumerate(g)):
            info.add(key)
    return allsh,info
def jac(a,b): return len(a&b)/max(1,len(a|b))
def cont(a,b): return len(a&b)/max(1,min(len(a),len(b)))
rows=[]
hdr=None
for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pairs.tsv')):
    f=l.rstrip('\n').split('\t')
    if hdr is None: hdr=f; continue
    d=dict(zip(hdr,f))
    if d['label'] not in ('same','different'): continue
    ta,ba,da=load(d['corpus'],d['a']); tb,bb,db=load(d['corpus'],d['b'])
    A,IA=sh(ba); B,IB=sh(bb)
    twa=set(x.lower() for x in W.findall(ta)); twb=set(x.lower() for x in W.findall(tb))
    rows.append(dict(id=d['pair'],split=d['split'],same=d['label']=='same',kind=d['kind'],corpus=d['corpus'],
        j=jac(A,B),c=cont(A,B),ji=jac(IA,IB),ci=cont(IA,IB),n=min(len(A),len(B)),ni=min(len(IA),len(IB)),
        t=jac(twa,twb),days=None if da is None or db is None else abs(da-db)))
tun=[r for r in rows if r['split']=='tuning']; held=[r for r in rows if r['split']=='heldout']
def sc(rule,rs):
    tp=sum(1 for r in rs if r['same'] and rule(r)); fp=sum(1 for r in rs if not r['same'] and rule(r))
    s=sum(1 for r in rs if r['same'])
    return round(tp/max(1,tp+fp),3), round(tp/max(1,s),3), tp, fp
res=[]
for D,T1,J1,T2,J2,C2,key in itertools.product([0,1,2,99999],[0.5,0.6,0.7,0.8,1.0],[0.3,0.4,0.5,0.6,0.7],[0,0.2,0.4,2],[0.6,0.7,0.8,0.9,2],[0.8,0.9,0.95],['j','ji']):
    ck='c' if key=='j' else 'ci'
    rule=lambda r,D=D,T1=T1,J1=J1,T2=T2,J2=J2,C2=C2,key=key,ck=ck: (r['days'] is None or r['days']<=D) and ((r['t']>=T1 and (r[key]>=J1 or r[ck]>=C2)) or (r['t']>=T2 and r[key]>=J2))
    p,rc,tp,fp=sc(rule,tun)
    res.append((p,rc,(D,T1,J1,T2,J2,C2,key),rule))
ok=[x for x in res if x[0]>=0.97]
ok.sort(key=lambda x:(-x[1],))
for p,rc,params,rule in ok[:5]:
    print(params,'tuning',(p,rc),'heldout',sc(rule,held))
# best at lower precision floors, for the record
for floor in (0.95,0.9):
    o=[x for x in res if x[0]>=floor]; o.sort(key=lambda x:-x[1])
    p,rc,params,rule=o[0]; print('floor',floor,params,'tuning',(p,rc),'heldout',sc(rule,held))

# A second family: time proximity as evidence only where both articles are dated (the
# scraped pages mostly are not): "(dated, days <= D1, j >= J1) or (days <= D2 or undated,
# title >= T2, j >= J2 or c >= C2)".
print('dated family')
res=[]
for D1,J1,T2,J2,C2,D2 in itertools.product([0,1,2],[0.7,0.8,0.9,0.95],[0.6,0.8,1.0],[0.5,0.6,0.7],[0.9,0.95,2],[0,1]):
    def rule(r,D1=D1,J1=J1,T2=T2,J2=J2,C2=C2,D2=D2):
        dated=r['days'] is not None
        a= dated and r['days']<=D1 and r['j']>=J1
        b= (not dated or r['days']<=D2) and r['t']>=T2 and (r['j']>=J2 or r['c']>=C2)
        return a or b
    p,rc,tp,fp=sc(rule,tun); res.append((p,rc,(D1,J1,T2,J2,C2,D2),rule))
ok=sorted([x for x in res if x[0]>=0.97],key=lambda x:-x[1])
for p,rc,params,rule in ok[:3]: print(params,'tuning',(p,rc),'heldout',sc(rule,held))
