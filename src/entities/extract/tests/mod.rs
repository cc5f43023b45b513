//! Extraction on small fixtures: each rule with the text it was written for and the text it
//! must leave alone. Here: known names and lists; `linking.rs`: short forms and surnames; `typing.rs`: discovery
//! and typing.

use super::*;

mod linking;
mod typing;

#[test]
fn a_dotted_country_form_counts_in_a_headline() {
    let gz = Gazetteer::builtin();
    let a = extract(
        &gz,
        &[
            "MILLER SAYS REAGAN OPPOSES U.S. EXCISE TAX HIKES",
            "Miller spoke on Monday.",
        ],
        1,
    );
    assert!(
        a.entities.iter().any(|e| e.name == "United States"),
        "{:?}",
        a.entities
    );
    let b = extract(
        &gz,
        &["LET US TALK ABOUT TAXES", "Miller spoke on Monday."],
        1,
    );
    assert!(!b.entities.iter().any(|e| e.name == "United States"));
    // Capitals opening a sentence, or before an acronym: the country.
    for t in [
        "It won. US film Zorbic took the award.",
        "He starred in a US TV drama.",
    ] {
        let c = extract(&gz, &[t], 0);
        assert!(
            c.entities.iter().any(|e| e.name == "United States"),
            "{t}: {:?}",
            c.entities
        );
    }
    let d = extract(&gz, &["Give it to us. Then the US Senate voted."], 0);
    assert!(!d.entities.iter().any(|e| e.name == "United States"));
}

#[test]
fn a_product_without_its_maker_needs_the_maker_in_the_article() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "The Statistics Office said output rose. The Office said so.",
    );
    assert!(
        !n.contains(&"product:Microsoft Office".to_string()),
        "{n:?}"
    );
    let n = names(&gz, "Microsoft said the new Office costs less.");
    assert!(n.contains(&"product:Microsoft Office".to_string()), "{n:?}");
}

#[test]
fn tickers_and_hyphenated_names_are_no_list_names() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Great American First Savings <GTA> offers notes. Allied-Signal sold a unit, and \
         ALLIED-SIGNAL <ALD> said so.",
    );
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
}

#[test]
fn words_after_a_known_organisation_may_name_a_longer_one() {
    let gz = Gazetteer::builtin();
    let after = |text: &str, org: &str| {
        let s = text.find(org).unwrap();
        let e = org_words_after(&gz, text, s, s + org.len());
        text[s..e.max(s)].to_string()
    };
    assert_eq!(
        after("It is shown on BBC One from Friday.", "BBC"),
        "BBC One"
    );
    assert_eq!(after("fans of BBC Radio 4 wrote in", "BBC"), "BBC Radio 4");
    assert_eq!(after("a hit on BBC Three's schedule", "BBC"), "BBC Three");
    assert_eq!(after("said Sony Pictures chief", "Sony"), "Sony Pictures");
    // No capitalised word after it, a role or a given name, a version number alone, more
    // capitalised words than a name takes, a heading, a line of capitals: none.
    for (text, org) in [
        ("the BBC said so", "BBC"),
        ("BBC Director Jo Roe spoke", "BBC"),
        ("Sony 2 came out", "Sony"),
        ("shares of General Motors Corp rose", "General Motors"),
        ("sales at GM Canada fell", "GM"),
        ("Nvidia GPUs are scarce", "Nvidia"),
        ("the Stanford Institute for Human-Centered AI", "Stanford"),
        ("its Siemens German unit", "Siemens"),
        ("BBC News Online Today Says More", "BBC"),
        ("News\nBBC One\nSport", "BBC"),
        ("SHOWN ON BBC ONE TONIGHT", "BBC"),
    ] {
        assert_eq!(after(text, org), "", "{text}");
    }
}

#[test]
fn the_typer_decides_whether_a_known_organisation_goes_on() {
    let gz = Gazetteer::builtin();
    let texts = ["It is shown on BBC One from Friday, after BBC said so."];
    let run = |weights: &str| {
        let t = typer::Typer::parse(weights).unwrap();
        let mut cands = by_rules(&gz, &texts, 0, usize::MAX);
        take_longer_names(&gz, &t, &texts, &mut cands);
        let mut v: Vec<String> = cands
            .iter()
            .map(|c| format!("{}:{}", c.kind.as_str(), c.name))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        run("# margin 1\nhead=org\t2\t0\t0\t0\t0\n"),
        ["org:BBC", "org:BBC One"]
    );
    assert_eq!(
        run("# margin 1\nhead=org\t0\t0\t0\t0\t2\n"),
        ["org:BBC", "org:BBC"]
    );
    // A person or a place is no longer name of an organisation's.
    assert_eq!(
        run("# margin 1\nhead=org\t0\t2\t0\t0\t0\n"),
        ["org:BBC", "org:BBC"]
    );
}

#[test]
fn a_lists_noun_types_its_names() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "He loved video games such as Zorkle, Tempest, Black Tiger and Adventure. \
         Rivals include startups like Quorvex and Plimsor. GM, whose brands include \
         Zandar and Quibble, grew.",
    );
    for want in [
        "product:Zorkle",
        "product:Tempest",
        "product:Black Tiger",
        "product:Adventure",
        "org:Quorvex",
        "org:Plimsor",
        "product:Zandar",
        "product:Quibble",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    // No list noun, a sentence between, or a lower-case word among the names: no type.
    for text in [
        "He met people such as Zorkle and Quibble.",
        "It sold games. Such as it was, Zorkle grew.",
        "It sold games such as many old titles and Zorkle.",
    ] {
        let s = text.find("Zorkle").unwrap();
        assert_eq!(listed_kind(text, s), None, "{text}");
    }
    // A plural acronym is no name ("OEMs").
    let n = names(&gz, "It works with companies such as OEMs and Zorkle.");
    assert!(!n.contains(&"org:OEMs".to_string()), "{n:?}");
    let n = names(&gz, "It sold games such as Zorkle's Creed and Tempest.");
    assert!(!n.contains(&"product:Zorkle".to_string()), "{n:?}");
    let text = "games such as Tempest, Zorkle";
    assert_eq!(
        listed_kind(text, text.find("Zorkle").unwrap()),
        Some(Kind::Product)
    );
}

#[test]
fn an_ampersand_joins_a_name_before_its_legal_form() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Shares of Quorvex & Plimsor Co rose. The deal with Zorbic & Quibble Cos closed. \
         Acme Inc & Zandar Corp merged.",
    );
    for want in [
        "org:Quorvex & Plimsor",
        "org:Zorbic & Quibble",
        "org:Acme",
        "org:Zandar",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    for fragment in ["org:Plimsor", "org:Quibble", "org:Acme Inc & Zandar"] {
        assert!(!n.contains(&fragment.to_string()), "{fragment}: {n:?}");
    }
}

#[test]
fn a_nationality_is_no_name_whatever_the_country() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "He met Algerian officials. Later, Algerian and Togolese ministers agreed with \
         Zorbic Bank's Malawian unit.",
    );
    assert!(
        !n.iter()
            .any(|x| x.contains("Algerian") || x.contains("Togolese")),
        "{n:?}"
    );
    assert!(words::is_demonym("Algerian") && words::is_demonym("French"));
    assert!(!words::is_demonym("Gibraltar"));
}

#[test]
fn institution_and_company_words_type_a_name() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "China joined the Zorbic Trade Organisation. Quorvex Bros signed. Roxy Music \
         signed, as did the Official Zorbic Company and the Natural Quorvex Museum.",
    );
    for want in [
        "org:Zorbic Trade Organisation",
        "org:Quorvex Bros",
        "org:Roxy Music",
        "org:Official Zorbic Company",
        "org:Natural Quorvex Museum",
    ] {
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
    }
}

#[test]
fn a_known_company_opening_a_sentence_counts_in_a_company_context() {
    let gz = Gazetteer::builtin();
    let n = names(&gz, "He left. Ladbrokes spokesman Warren Lush said so.");
    assert!(n.contains(&"org:Ladbrokes".to_string()), "{n:?}");
    let n = names(&gz, "He left. Ladbrokes are open late.");
    assert!(!n.contains(&"org:Ladbrokes".to_string()), "{n:?}");
}

#[test]
fn a_list_of_names_in_a_sentence_is_no_menu() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Past Eurovision performers include Abba, Celine Dion, Bucks Fizz, Nana Mouskouri, \
         Lulu and Julio Iglesias.",
    );
    assert!(n.contains(&"person:Celine Dion".to_string()), "{n:?}");
    let n = names(
        &gz,
        "Home News Sport Weather Business Technology Celine Dion Entertainment Health \
         Science Video",
    );
    assert!(!n.contains(&"person:Celine Dion".to_string()), "{n:?}");
}

#[test]
fn words_before_a_given_name_describe_the_person() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "He said House Speaker Jim Quorvell's plan would pass. Agent Simon Zorbic said \
         so, as did chief executive Jeroen van der Quist.",
    );
    for want in [
        "person:Jim Quorvell",
        "person:Simon Zorbic",
        "person:Jeroen van der Quist",
    ] {
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
    }
}

#[test]
fn a_name_listed_with_names_of_one_kind_is_of_that_kind() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "It included representatives of BASF, Siemens and Quorvex Zentrale.",
    );
    assert!(n.contains(&"org:Quorvex Zentrale".to_string()), "{n:?}");
    // Two names, or a list of mixed kinds: no type by this rule (the learned typer, which
    // runs after the rules, may still weigh the neighbour with the rest of the context).
    for text in [
        "Talks with Siemens and Quorvex Zentrale went on.",
        "It went to BASF, London and Quorvex Zentrale.",
    ] {
        let kinds: Vec<Kind> = by_rules(&gz, &[text], 0, usize::MAX)
            .into_iter()
            .filter(|c| c.name == "Quorvex Zentrale")
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, [Kind::Misc], "{text}");
    }
}

/// Long articles split words twice instead of keeping them: the result must not change.
#[test]
fn splitting_words_twice_finds_the_same_entities() {
    let gz = Gazetteer::builtin();
    let texts = [
        "Apple Sues Samsung Over Tablet Design",
        "Microsoft said on Monday that Satya Nadella would visit Berlin. Nadella spoke.",
        "Home | News | Tech | Contact. Shares of Apple rose; apple pie did not.",
        "\"We are pleased,\" said Jane Roe, an analyst at Gartner. Roe expects US-China talks.",
        "Tim Cook met Sundar Pichai of Google in London and Tokyo. Cook left early.",
    ];
    let kept = extract_keeping_words_below(&gz, None, &texts, 1, usize::MAX);
    let split = extract_keeping_words_below(&gz, None, &texts, 1, 0);
    assert!(kept.entities.len() >= 8, "{:?}", kept.entities);
    assert_eq!(kept, split);
}

#[test]
fn a_legal_form_ends_a_name_and_a_sentences_first_word_opens_none() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "GE Information Services Co, a unit of General Electric Co, said it was ready.",
    );
    assert!(n.contains(&"org:General Electric".to_string()), "{n:?}");
    assert!(!n.contains(&"org:Electric Co".to_string()), "{n:?}");
    // An ambiguous known name opening a sentence counts with a legal form after it.
    let n = names(
        &gz,
        "Amoco Corp said a Taiwan venture would make chemicals.",
    );
    assert!(n.contains(&"org:Amoco".to_string()), "{n:?}");
    let n = names(&gz, "Bonds of Quorvex Electric Co rose on Monday.");
    assert!(n.contains(&"org:Quorvex Electric".to_string()), "{n:?}");
    assert!(!n.iter().any(|x| x.contains("Bonds")), "{n:?}");
    // "Markets" ends a firm's name ("Merrill Lynch Capital Markets").
    let n = names(
        &gz,
        "The notes were sold by Quorvex Capital Markets on Monday.",
    );
    assert!(
        n.contains(&"org:Quorvex Capital Markets".to_string()),
        "{n:?}"
    );
    // An organisation's own word opening the sentence is the name's.
    let n = names(&gz, "Bank of Quorvex Corp said so.");
    assert!(n.contains(&"org:Bank of Quorvex".to_string()), "{n:?}");
}

#[test]
fn partners_written_with_a_comma_are_one_firm() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "The shares were placed by Goldman, Sachs and Co and Kidder, Peabody and Co, it said.",
    );
    for want in ["org:Goldman Sachs", "org:Kidder, Peabody and Co"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    for gone in [
        "org:Goldman",
        "org:Sachs and Co",
        "org:Peabody and Co",
        "org:Kidder",
    ] {
        assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
    }
    // A list of firms keeps each its own ("Morgan Stanley, Goldman Sachs and Co").
    let n = names(&gz, "It was led by Morgan Stanley, Goldman Sachs and Co.");
    for want in ["org:Morgan Stanley", "org:Goldman Sachs"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

#[test]
fn a_known_name_after_an_organisations_word_and_of_is_inside_its_name() {
    let gz = Gazetteer::builtin();
    // "Five" is also a television channel's name.
    let n = names(
        &gz,
        "The yen rose after a meeting of the Group of Five in Paris.",
    );
    assert!(!n.iter().any(|x| x.contains("Channel")), "{n:?}");
}

#[test]
fn a_newswire_state_abbreviation_after_a_town_names_the_state() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Quorvex Inc of San Jose, Calif., said sales rose at its plant in Albany, N.Y. \
         He was ill. Boston, Mass. firms and the Mass in Latin were mentioned.",
    );
    for want in ["place:California", "place:New York", "place:Massachusetts"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    assert!(
        !n.iter()
            .any(|x| x.ends_with(":Calif") || x.ends_with(":Mass") || x.ends_with(":Ill")),
        "{n:?}"
    );
    // A legal form ends the company's name; the town after "of" is where it is.
    assert!(n.contains(&"org:Quorvex".to_string()), "{n:?}");
    let n = names(
        &gz,
        "A unit of Prudential Insurance Co of America bought Hospital Corp of America.",
    );
    for want in [
        "org:Prudential Insurance Co of America",
        "org:Hospital Corp of America",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

#[test]
fn products_named_by_ordinary_words_are_no_products_in_capitals_or_with_a_legal_form() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "LME COPPER 1ST RING 1207 - APR 7. SPOT PRODUCTS--OUTLOOK--APRIL 07",
    );
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    let n = names(
        &gz,
        "General Signal Corp said so. Nippon Signal Co Ltd is issuing notes.",
    );
    assert!(!n.contains(&"product:Signal".to_string()), "{n:?}");
    assert!(n.contains(&"org:Nippon Signal".to_string()), "{n:?}");
    // The model family's own name is no property trust's ("GPT Group").
    let n = names(&gz, "OpenAI built GPT, and GPT Builder came later.");
    assert!(n.contains(&"product:GPT".to_string()), "{n:?}");
    assert!(!n.contains(&"org:GPT".to_string()), "{n:?}");
    // Written as the product writes itself, it is the product.
    let n = names(
        &gz,
        "Amazon bought Ring for $1bn, and users chat on Signal.",
    );
    for want in ["product:Ring", "product:Signal"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    // Compounds of ordinary words and the first digits of a longer number name nothing.
    let n = names(
        &gz,
        "Year-on-year M-3 rose. Eurodollars 107,988 71,671 T-bonds.",
    );
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
}

#[test]
fn a_product_named_after_its_company_is_the_company_where_a_company_acts() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Facebook said it would hire staff. Users post photos on Facebook.",
    );
    for want in ["org:Facebook", "product:Facebook"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    let n = names(&gz, "Shares in Slack rose. Teams chat on Slack every day.");
    assert!(n.contains(&"org:Slack".to_string()), "{n:?}");
    // A product without the flag stays a product.
    let n = names(&gz, "ChatGPT said it could not help.");
    assert!(n.contains(&"product:ChatGPT".to_string()), "{n:?}");
}

#[test]
fn a_countrys_field_of_work_is_no_company() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Canadian AI startups grew and African Data centres opened. Quorvex AI raised \
         money, as did British Energy.",
    );
    for gone in ["org:Canadian AI", "org:African Data"] {
        assert!(!n.contains(&gone.to_string()), "{gone}: {n:?}");
    }
    for want in ["org:Quorvex AI", "org:British Energy"] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

#[test]
fn a_person_of_a_firm_is_a_person_and_a_firm() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "\"It is fair,\" said Emmanuel Gaillard of Shearman, and Jack Straw of Labour agreed. \
         The Bank of England did not.",
    );
    for want in [
        "person:Emmanuel Gaillard",
        "person:Jack Straw",
        "org:Bank of England",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
    assert!(
        !n.iter()
            .any(|x| x.starts_with("person:") && x.contains(" of ")),
        "{n:?}"
    );
}

#[test]
fn a_title_that_looks_like_a_persons_name_names_no_one() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Vera Quorn star Imelda Staunton won. Leigh directed Vera Quorn. The Harry Quill \
         films made money. A film about Steve Jobs and the singer Jane Roe was shown. Games \
         based on the Tom Vexley licenses and for Tom Vexley fans sold.",
    );
    for gone in ["Vera Quorn", "Harry Quill", "Tom Vexley"] {
        assert!(
            !n.iter().any(|x| x.ends_with(&format!(":{gone}"))),
            "{gone}: {n:?}"
        );
    }
    for want in [
        "person:Imelda Staunton",
        "person:Steve Jobs",
        "person:Jane Roe",
    ] {
        assert!(n.contains(&want.to_string()), "{want}: {n:?}");
    }
}

fn names(gz: &Gazetteer, text: &str) -> Vec<String> {
    let a = extract(gz, &[text], 0);
    let mut v: Vec<String> = a
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
        .collect();
    v.sort();
    v
}

/// The confirmed entities of one text (what facets count from a single article).
fn confirmed(gz: &Gazetteer, text: &str) -> Vec<String> {
    let a = extract(gz, &[text], 0);
    let mut v: Vec<String> = a
        .entities
        .iter()
        .filter(|e| e.confirmed)
        .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
        .collect();
    v.sort();
    v
}

#[test]
fn ordinary_words_before_an_institution_word_name_it_unless_the_name_goes_on() {
    let gz = Gazetteer::builtin();
    // Ordinary words and a strong organisation word are a name of their own.
    for name in [
        "Duke University",
        "Heritage Foundation",
        "Kingfisher Airlines",
    ] {
        let text = format!("She joined {name} last year.");
        assert_eq!(names(&gz, &text), [format!("org:{name}")], "{text}");
    }
    // A weak one is a topic; a span the text carries on is a fragment.
    assert!(names(&gz, "Work on Responsible AI goes on.").is_empty());
    for text in [
        "Protests came from the National Council for Adoption today.",
        "Apple shows Major League Soccer on its app.",
    ] {
        let n = names(&gz, text);
        assert!(
            !n.contains(&"org:National Council".to_string())
                && !n.contains(&"org:Major League".to_string()),
            "{text}: {n:?}"
        );
    }
    // The tail of a longer name the article gave first is that name.
    let a = extract(
        &gz,
        &["The Quorvex Film Council gave money. The Film Council said so."],
        0,
    );
    let orgs: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(orgs, ["Quorvex Film Council"]);
}

#[test]
fn a_generic_name_the_gazetteer_holds_is_part_of_a_longer_one() {
    let gz = Gazetteer::builtin();
    for (text, want) in [
        (
            "Its subsidiary Zorblax National Bank raised rates.",
            "org:Zorblax National Bank",
        ),
        (
            "Its unit Michigan National Bank raised rates.",
            "org:Michigan National Bank",
        ),
    ] {
        let n = names(&gz, text);
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
        assert!(!n.contains(&"org:National Bank".to_string()), "{n:?}");
    }
}

#[test]
fn institutions_for_something_and_their_scope_are_one_name() {
    let gz = Gazetteer::builtin();
    assert_eq!(
        names(&gz, "The Centre for Economic Policy Research said so."),
        ["org:Centre for Economic Policy Research"]
    );
    assert_eq!(
        names(
            &gz,
            "It said the International Federation of the Phonographic Industry grew."
        ),
        ["org:International Federation of the Phonographic Industry"]
    );
    // "for" after a word that heads no institution is no name's part.
    assert!(names(&gz, "Royal for a day, he said.").is_empty());
}

#[test]
fn spans_point_at_the_mention() {
    let gz = Gazetteer::builtin();
    let t = "Héllo: Nvidia’s chips ship to Taiwan.";
    let a = extract(&gz, &[t], 0);
    for m in &a.mentions[0] {
        assert!(t.is_char_boundary(m.start) && t.is_char_boundary(m.end));
    }
    let spans: Vec<&str> = a.mentions[0].iter().map(|m| &t[m.start..m.end]).collect();
    assert!(spans.contains(&"Nvidia"), "{spans:?}");
    assert!(spans.contains(&"Taiwan"), "{spans:?}");
}

#[test]
fn known_names_aliases_and_possessives() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Microsoft's cloud arm and AWS compete. Amazon Web Services said its prices fell.",
    );
    assert!(n.contains(&"org:Microsoft".to_string()), "{n:?}");
    assert!(n.contains(&"org:Amazon Web Services".to_string()), "{n:?}");
    let a = extract(&gz, &["AWS and Amazon Web Services and AWS."], 0);
    let aws = a
        .entities
        .iter()
        .find(|e| e.name == "Amazon Web Services")
        .unwrap();
    assert_eq!(aws.mentions, 3);
}

#[test]
fn ordinary_senses_are_not_entities() {
    let gz = Gazetteer::builtin();
    for text in [
        "The farm sells apple pie and cider every autumn.",
        "Apple pie sales rose at the fair, growers said.",
        "Scientists mapped the Amazon rainforest from orbit.",
        "The study, a meta-analysis of 40 trials, found little effect.",
        "Meta-analysis of the trials found little effect.",
        "The shop fits windows and doors across the county.",
    ] {
        let n = names(&gz, text);
        for bad in ["org:Apple", "org:Amazon", "org:Meta", "product:Windows"] {
            assert!(!n.contains(&bad.to_string()), "{text:?} gave {n:?}");
        }
    }
    // The company senses still count.
    let n = names(
        &gz,
        "Shares in Apple rose. Analysts said Amazon and Meta lagged.",
    );
    for good in ["org:Apple", "org:Amazon", "org:Meta"] {
        assert!(n.contains(&good.to_string()), "{n:?}");
    }
}
