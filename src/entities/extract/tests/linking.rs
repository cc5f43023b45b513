//! Extraction on small fixtures: short forms, surnames, knights, acronyms and name tails
//! linked to the full names the article gives.

use super::*;

#[test]
fn an_acronym_the_article_defines_means_its_name() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Traders may propose a formula for International Coffee Organization (ICO) \
         quotas. The ICO meets in London. The Zorbic Trading Board (ZTB) agreed; ZTB said so.",
    );
    assert!(
        n.contains(&"org:International Coffee Organization".to_string()),
        "{n:?}"
    );
    assert!(!n.iter().any(|x| x.contains("Commissioner")), "{n:?}");
    assert!(n.contains(&"org:Zorbic Trading Board".to_string()), "{n:?}");
    assert!(!n.iter().any(|x| x.ends_with(":ZTB")), "{n:?}");
    assert!(acronym_of("PwC", "PricewaterhouseCoopers"));
    let n = names(
        &gz,
        "Talks with the Paris Club of Western creditor nations went on. The Zorbic Trading \
         Board of Western Ontario met.",
    );
    assert!(n.contains(&"org:Paris Club".to_string()), "{n:?}");
    let n = names(
        &gz,
        "She won at the Zorbic British Academy Film Awards on Sunday.",
    );
    assert!(!n.iter().any(|x| x.starts_with("org:")), "{n:?}");
    assert!(!acronym_of("EU", "International Coffee Organization"));
    assert!(!acronym_of("A", "Apple"));
}

#[test]
fn a_short_form_means_the_articles_own_company() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Aurora Zorbic Systems runs twelve sites. Aurora's founder said so. Aurora \
         competes.",
    );
    assert!(!n.contains(&"org:Aurora Innovation".to_string()), "{n:?}");
    assert!(
        n.contains(&"org:Aurora Zorbic Systems".to_string()),
        "{n:?}"
    );
    let n = names(
        &gz,
        "Operators such as Aurora Downlink grow. Aurora's founder agreed.",
    );
    assert!(!n.contains(&"org:Aurora Innovation".to_string()), "{n:?}");
    assert!(n.contains(&"org:Aurora Downlink".to_string()), "{n:?}");
}

#[test]
fn a_short_form_found_by_its_context_means_the_full_name() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Quorvex Geothermal Inc said it got financing. Quorvex, a wholesale utility, \
         said the deal closes soon.",
    );
    assert!(n.contains(&"org:Quorvex Geothermal".to_string()), "{n:?}");
    assert!(!n.contains(&"org:Quorvex".to_string()), "{n:?}");
    // Two full names it could stand for: left alone.
    let n = names(
        &gz,
        "Quorvex Geothermal Inc and Quorvex Mining Corp merged. Quorvex, a wholesale \
         utility, said so.",
    );
    for want in [
        "org:Quorvex Geothermal",
        "org:Quorvex Mining",
        "org:Quorvex",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

#[test]
fn a_knight_is_called_by_the_given_name() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Zander Quorvell will play the show. Sir Zander said he was thrilled.",
    );
    assert!(n.contains(&"person:Zander Quorvell".to_string()), "{n:?}");
    assert!(!n.contains(&"person:Zander".to_string()), "{n:?}");
    // Two people with that given name: which one, the text does not say.
    let n = names(
        &gz,
        "Zander Quorvell and Zander Plimsoll played. Sir Zander said so.",
    );
    assert!(n.contains(&"person:Zander".to_string()), "{n:?}");
}

#[test]
fn a_name_given_in_full_first_is_what_its_short_forms_mean() {
    let gz = Gazetteer::builtin();
    // A leading part of several words, and initials the article never defines.
    let n = names(
        &gz,
        "Tarvel Pacific Resources Corp said it would sell power to the National Union of \
         Quarrymen. Tarvel Pacific will supply 20 megawatts a year, the NUQ said.",
    );
    for want in [
        "org:Tarvel Pacific Resources",
        "org:National Union of Quarrymen",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    for gone in ["Tarvel Pacific", "NUQ"] {
        assert!(
            !n.iter().any(|x| x.ends_with(&format!(":{gone}"))),
            "{gone}: {n:?}"
        );
    }
    // The short form first: two names, as the article may mean the parent.
    let n = names(
        &gz,
        "The NUQ said so. Later the National Union of Quarrymen wrote to members.",
    );
    assert!(n.iter().any(|x| x.ends_with(":NUQ")), "{n:?}");
    // A name that holds the initials as a word is no expansion of them.
    let n = names(
        &gz,
        "BBC Vision Ltd showed the film. Then the BBC said ratings rose.",
    );
    for want in ["org:BBC Vision", "org:BBC"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

#[test]
fn a_persons_name_that_ends_a_longer_one_is_that_person() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "The tales of Hans Christian Andersen were read by Philip van Doren Stern. \
         Christian Andersen wrote them in Odense, said Van Doren Stern.",
    );
    for want in [
        "person:Hans Christian Andersen",
        "person:Philip van Doren Stern",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    for gone in ["person:Christian Andersen", "person:Van Doren Stern"] {
        assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
    }
}

#[test]
fn lone_surnames_resolve_to_the_corpus_full_name() {
    let gz = Gazetteer::builtin();
    let mut c = Corpus::empty();
    for _ in 0..5 {
        c.surnames.add_article(&["Ronald Reagan".into()]);
        c.surnames.add_article(&["Robert Salomon".into()]);
        c.orgs
            .add_article(&["Salomon Brothers".into(), "Salomon".into()]);
    }
    let a = extract_with(
        &gz,
        &c,
        "",
        &["President Reagan spoke. Salomon rose and Salomon fell."],
        0,
    );
    let n: Vec<String> = a
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
        .collect();
    assert!(n.contains(&"person:Ronald Reagan".to_string()), "{n:?}");
    assert!(!n.iter().any(|x| x.contains("Robert Salomon")), "{n:?}");
    // A person-shaped name that the corpus writes with a legal form is an organisation;
    // with a title it stays a person.
    for _ in 0..3 {
        c.orgs.add_article(&["Merrill Lynch".into()]);
    }
    let n = |t: &str| -> Vec<String> {
        extract_with(&gz, &c, "", &[t], 0)
            .entities
            .iter()
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect()
    };
    let got = n("Analysts at Merrill Lynch said shares rose.");
    assert!(got.contains(&"org:Merrill Lynch".to_string()), "{got:?}");
    assert!(n("Without Merrill Lynch it fell.").contains(&"org:Merrill Lynch".to_string()));
    assert!(n("Mr Merrill Lynch, a farmer, said so.").contains(&"person:Merrill Lynch".to_string()));
    // Without the corpus, the surname stays as written.
    let a = extract(&gz, &["President Reagan spoke."], 0);
    assert_eq!(a.entities[0].name, "Reagan");
    // A company's possessive before a surname the corpus knows: that person, not a
    // product of the company.
    for _ in 0..5 {
        c.surnames.add_article(&["Helmut Quillinger".into()]);
    }
    let got: Vec<String> = extract_with(
        &gz,
        &c,
        "",
        &["Bundesbank's Quillinger sees no reason to cut rates."],
        0,
    )
    .entities
    .iter()
    .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
    .collect();
    assert!(
        got.contains(&"person:Helmut Quillinger".to_string()),
        "{got:?}"
    );
}

#[test]
fn surnames_and_titles_refer_to_the_full_name() {
    let gz = Gazetteer::builtin();
    let a = extract(
        &gz,
        &["Sam Altman spoke first. Later, Altman said the board agreed, and Mr Altman left."],
        0,
    );
    let sam = a.entities.iter().find(|e| e.name == "Sam Altman").unwrap();
    assert_eq!(sam.mentions, 3, "{:?}", a.entities);
    let a = extract(
        &gz,
        &["Priya Raman, an analyst, said demand was strong. Ms Raman expects growth."],
        0,
    );
    let p = a.entities.iter().find(|e| e.name == "Priya Raman").unwrap();
    assert_eq!((p.kind, p.mentions, p.confirmed), (Kind::Person, 2, true));
    // A titled surname makes an untyped full name a person.
    let a = extract(
        &gz,
        &["Zoltar Quibbleworth wrote the post. Mr Quibbleworth disagreed."],
        0,
    );
    let p = a
        .entities
        .iter()
        .find(|e| e.name == "Zoltar Quibbleworth")
        .unwrap();
    assert_eq!((p.kind, p.mentions), (Kind::Person, 2), "{:?}", a.entities);
}
