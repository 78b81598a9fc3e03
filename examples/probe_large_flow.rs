#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let links_per: usize = 5;
    let mut acts = Vec::new();
    let mut links = Vec::new();
    let mut seed: u64 = 42;
    let mut rnd = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    for i in 0..n {
        let props = if i == 0 {
            r#"{"activityName":"start"}"#.to_string()
        } else {
            r#"{"activityName":"ivr-menu","menuLinks":["1","2","3","4"]}"#.to_string()
        };
        acts.push(format!(
            r#""a{i}":{{"id":"a{i}","name":"N{i}","properties":{props}}}"#
        ));
        if i == 0 {
            links.push(format!(r#"{{"id":"l{i}s","sourceActivityId":"a0","targetActivityId":"a1","conditionExpr":"out"}}"#));
            continue;
        }
        for (k, exit) in ["1", "2", "3", "4", "timeout"]
            .iter()
            .enumerate()
            .take(links_per)
        {
            let to = if k == 0 { (i + 1) % n } else { rnd(n) };
            links.push(format!(r#"{{"id":"l{i}-{k}","sourceActivityId":"a{i}","targetActivityId":"a{to}","conditionExpr":"{exit}"}}"#));
        }
    }
    let text = format!(
        r#"{{"name":"big","variables":[],"process":{{"activities":{{{}}},"links":[{}]}}}}"#,
        acts.join(","),
        links.join(",")
    );
    eprintln!("{} bytes, {} links", text.len(), links.len());
    let t = Instant::now();
    let imported = callback_lab::flowcheck::import(&text).unwrap();
    eprintln!("import {:?}", t.elapsed());
    let t = Instant::now();
    let spec = callback_lab::flowcheck::mission(4).unwrap();
    let f = callback_lab::flowcheck::check_imported(&imported, spec);
    eprintln!("check {:?} ({} findings)", t.elapsed(), f.len());
    let t = Instant::now();
    let y = callback_lab::lab::yourflow::load(&text, None).unwrap();
    eprintln!("yourflow::load {:?}", t.elapsed());
    let t = Instant::now();
    let p = callback_lab::lab::picture::FlowPicture::of(&imported.flow);
    eprintln!("picture {:?} {}", t.elapsed(), p.layout.edges.len());
    drop(y);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
