//! Extraction on small fixtures: discovery of unknown names and how they are typed.

use super::*;

#[test]
fn versions_of_known_products_and_compound_adjectives() {
    let gz = Gazetteer::builtin();
    assert_eq!(
        names(
            &gz,
            "The firm released Claude 2 and then Claude 3.0 this year."
        ),
        ["product:Claude 2", "product:Claude 3.0"]
    );
    // A quantity or a year after the name is no version.
    assert_eq!(version_after("Windows 2 pct", 7), None);
    assert_eq!(version_after("Windows 2018 sales", 7), None);
    assert_eq!(version_after("Windows 2, out", 7), Some("2"));
    assert!(names(&gz, "The AI-driven tool and an ML-trained model helped.").is_empty());
}

#[test]
fn newswire_tables_and_headlines_give_no_names() {
    let gz = Gazetteer::builtin();
    // Capitals in a line of capitals, a table row's label, a lone legal form.
    assert!(names(&gz, "GELCO CORP 2ND QTR SHR 67 CTS VS 23 CTS").is_empty());
    assert!(names(&gz, "Shr 34 cts vs 1.19 dlrs\nShr 12 cts vs 10 cts").is_empty());
    assert_eq!(
        names(
            &gz,
            "Industrial Equity (Pacific) Ltd, a Hong Kong firm, bought it."
        ),
        ["misc:Industrial Equity", "place:Hong Kong"]
    );
    // A number with a unit after it is a quantity; one without may be a version.
    assert_eq!(
        names(
            &gz,
            "It gives Adsteam 49 pct of Markheath. It ordered six Jetstream 31 jets."
        ),
        ["misc:Adsteam", "misc:Markheath", "product:Jetstream 31"]
    );
}

#[test]
fn eponyms_copyrights_and_phrases_in_capitals_are_no_names() {
    let gz = Gazetteer::builtin();
    assert_eq!(
        names(
            &gz,
            "Moore's law held. Gordon Moore said so, as Kowalski’s syndrome spread."
        ),
        ["person:Gordon Moore"]
    );
    // A copyright notice's owner is the publisher's furniture.
    assert_eq!(
        names(
            &gz,
            "Terms © 2023 VentureBeat. Copyright (c) 2019-2021 Acme Robotics Ltd."
        ),
        Vec::<String>::new()
    );
    assert_eq!(names(&gz, "VentureBeat reported it."), ["org:VentureBeat"]);
    // Written in lower case elsewhere in the article: a phrase, not a name.
    assert_eq!(
        names(
            &gz,
            "Generative AI is everywhere. Firms bet on generative AI. Stability AI too."
        ),
        ["org:Stability AI"]
    );
}

#[test]
fn names_typed_by_shape_or_context_count_when_named_once() {
    let gz = Gazetteer::builtin();
    let c = confirmed(
        &gz,
        "The deal was led by Quorvant Robotics Inc and advised by Harlowe Analytics. \
         Actress Sorcha Delaney-Byrne starred, said Teodor Marinescu, a senior analyst at the \
         firm. Researchers at the University of Tartu agreed.",
    );
    for want in [
        "org:Quorvant Robotics",
        "person:Sorcha Delaney-Byrne",
        "person:Teodor Marinescu",
        "org:University of Tartu",
    ] {
        assert!(c.contains(&want.to_string()), "{want} in {c:?}");
    }
    // A weak suffix ("Analytics") is not enough alone: it must recur.
    assert!(!c.iter().any(|n| n.contains("Harlowe")), "{c:?}");
    // "Ana Souza said" is no evidence of a person (companies say things too); a name the
    // given-name list knows is.
    let c = confirmed(
        &gz,
        "Vexlor Dynamics said so. Later Maria Quillfeather said no.",
    );
    assert!(!c.iter().any(|n| n.starts_with("person:Vexlor")), "{c:?}");
    assert!(
        c.contains(&"person:Maria Quillfeather".to_string()),
        "{c:?}"
    );
}

#[test]
fn places_and_people_inside_organisation_names_are_not_taken_alone() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Western National Life Insurance Co and the Tokyo Stock Exchange met the \
         Norwegian University of Science and Technology and the Securities and Exchange \
         Commission, then Moult and University of Leeds staff.",
    );
    for want in [
        "org:Western National Life Insurance Co",
        "org:Tokyo Stock Exchange",
        "org:Norwegian University of Science and Technology",
        "org:Securities and Exchange Commission",
        "org:University of Leeds",
    ] {
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
    }
    for not in ["place:Tokyo", "place:Leeds", "org:Exchange Commission"] {
        assert!(!n.contains(&not.to_string()), "{not} in {n:?}");
    }
    assert!(!n.iter().any(|x| x.contains("Moult and")), "{n:?}");
    let n = names(
        &gz,
        "The ratings came from Standard and Poor's Corp, and later from Moody's Investors \
         Service Inc, which looked at the loans of Acme Trading Co Inc and Quorvex Corp. \
         Brazil's Central Bank and the Finance Ministry met. EDT WHEAT MAY7 rose.",
    );
    for want in [
        "org:Standard and Poor's",
        "org:Moody's Investors Service",
        "org:Acme Trading",
        "org:Quorvex",
    ] {
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
    }
    for not in [
        "org:Central Bank",
        "org:Finance Ministry",
        "org:Co Inc",
        "org:Poor's",
    ] {
        assert!(!n.contains(&not.to_string()), "{not} in {n:?}");
    }
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    let n = names(
        &gz,
        "The Soviet Union and James Capel and Co talked to the Office of Management and \
         Budget.",
    );
    assert!(n.contains(&"place:Soviet Union".to_string()), "{n:?}");
    assert!(!n.contains(&"org:Soviet Union".to_string()), "{n:?}");
    assert!(n.contains(&"org:James Capel and Co".to_string()), "{n:?}");
    assert!(!n.iter().any(|x| x.starts_with("person:James")), "{n:?}");
    assert!(
        !n.contains(&"product:Microsoft Office".to_string()),
        "{n:?}"
    );
    // A label list is not one long name.
    let n = names(
        &gz,
        "Host Institution United Methodist University of Mozambique Schedule Sponsorship Prospectus",
    );
    assert!(!n.iter().any(|x| x.contains("Schedule")), "{n:?}");
}

#[test]
fn places_that_are_given_names_or_words_need_a_place_cue() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Florence Welch sang. Later she flew to Florence and on to Charlotte, North Carolina.",
    );
    assert!(n.contains(&"place:Florence".to_string()), "{n:?}");
    assert!(n.contains(&"place:Charlotte".to_string()), "{n:?}");
    let a = extract(&gz, &["Florence Welch sang and Florence Welch left."], 0);
    assert!(
        !a.entities.iter().any(|e| e.kind == Kind::Place),
        "{:?}",
        a.entities
    );
    // Ordinary words after "in" are not towns; unknown names are.
    let n = names(
        &gz,
        "Lost in Translation won. A lab in Quexworth opened; in Quexworth rents rose.",
    );
    assert!(!n.contains(&"place:Translation".to_string()), "{n:?}");
    assert!(n.contains(&"place:Quexworth".to_string()), "{n:?}");
    // A state in the agencies' style confirms the town; a place name that only begins
    // the next word does not ("Tempe" in "Tempest", "Cali" in "Calif.").
    let n = names(&gz, "The Berkeley, Calif.-based firm grew.");
    assert!(n.contains(&"place:Berkeley".to_string()), "{n:?}");
    let n = names(&gz, "Games such as Pac-Man, Tempest and Joust.");
    assert!(!n.iter().any(|x| x.starts_with("place:")), "{n:?}");
}

#[test]
fn titles_roles_and_particles_around_names() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Labour Minister Ghazi al-Gosaibi spoke, and VC Josh Kopelmanns agreed.",
    );
    assert!(n.contains(&"person:Ghazi al-Gosaibi".to_string()), "{n:?}");
    assert!(n.contains(&"person:Josh Kopelmanns".to_string()), "{n:?}");
    assert!(!n.iter().any(|x| x.contains("VC ")), "{n:?}");
    // What follows "CEO of" is the company, never a person named "of ...".
    let n = names(
        &gz,
        "Jo Roe, co-founder and CEO of Quillbox, said so. CEO of Y Labs Ann Lee agreed.",
    );
    assert!(!n.iter().any(|x| x.contains("person:of ")), "{n:?}");
    // Topics with an organisation word are not organisations.
    let n = names(
        &gz,
        "Artificial Neural Networks and Data Mining, then Artificial Neural Networks.",
    );
    assert!(!n.iter().any(|x| x.starts_with("org:")), "{n:?}");
}

#[test]
fn a_product_named_by_its_makers_word_needs_the_maker_or_a_products_context() {
    let gz = Gazetteer::builtin();
    let has = |text: &str, want: &str| names(&gz, text).contains(&want.to_string());
    for (text, not) in [
        (
            "In the classic The Hitchhiker's Guide to the Galaxy, you slide a fish in.",
            "product:Samsung Galaxy",
        ),
        (
            "In the USSR Grain Situation and Outlook, USDA said it rose.",
            "product:Microsoft Outlook",
        ),
        ("Redis on Flash helps.", "product:Adobe Flash"),
    ] {
        assert!(!has(text, not), "{not} in {text}");
    }
    for (text, want) in [
        (
            "Samsung said the Galaxy sold well.",
            "product:Samsung Galaxy",
        ),
        (
            "Popular applications including Chrome, Microsoft 365 and Zoom run.",
            "product:Google Chrome",
        ),
        (
            "They keep passwords in Excel spreadsheets.",
            "product:Microsoft Excel",
        ),
    ] {
        assert!(has(text, want), "{want} in {text}: {:?}", names(&gz, text));
    }
}

#[test]
fn a_misspelt_month_or_a_tables_figure_is_no_version_number() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Volumes were: Feb'87 Jan'87 Feb'86 and CASTORSEEDOIL Brazilian No.1 sold. \
         Unadjusted M-2 plus CDs stood at 336,000 billion yen. Trucks are made at \
         Volkswagen's Hanover plant.",
    );
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    let n = names(
        &gz,
        "Holders of record Aoril 15 and Febraury 28 got it. Exports were Cameroun 464 (560) \
         and Leixoes 25/4 loaded; Hanyang Chemical 600 to 11,700 and Soybeans 0 bu.",
    );
    assert!(!n.iter().any(|x| x.starts_with("product:")), "{n:?}");
    // A product's version stays one, with its year in brackets or a model after it.
    let n = names(
        &gz,
        "The Zorvex 4 (2015) sold. We liked the Qarlin 7 7730U chip. The Dunmore 2 is out.",
    );
    for want in ["product:Zorvex 4", "product:Qarlin 7", "product:Dunmore 2"] {
        assert!(n.contains(&want.to_string()), "{want} in {n:?}");
    }
}

#[test]
fn organisations_and_products_typed_by_context() {
    let gz = Gazetteer::builtin();
    let c = confirmed(
        &gz,
        "Chemicals firm Qarbex cut jobs. Shares in Drovanta fell, and Zelquist's chief \
         executive quit. Velmora, the luxury goods group, grew. &lt;Brannock Mills Co> and \
         <QRX.L> reported. Honda's Asimo robot and the Trivex console sold well; \
         StarCraft 2 and the Quorvex Z9 too. Their office is in Kreis 5. Holders of \
         record April 15 got it; Total M1 and Sterling M3 rose; Eurodollars 107 traded. \
         Payable APril 22. Pre-tax 133 mln.",
    );
    for want in [
        "org:Qarbex",
        "org:Drovanta",
        "org:Zelquist",
        "org:Velmora",
        "org:Brannock Mills",
        "product:Asimo",
        "product:Trivex",
        "product:StarCraft 2",
    ] {
        assert!(c.contains(&want.to_string()), "{want} in {c:?}");
    }
    assert!(
        !c.iter().any(|n| n.contains("QRX")),
        "a ticker is no name: {c:?}"
    );
    // A person's apposition is not an organisation's.
    let c = confirmed(&gz, "Dan Jolvik, of Empire magazine, liked it.");
    assert!(!c.iter().any(|n| n.starts_with("org:Dan")), "{c:?}");
}

#[test]
fn ordinary_words_and_contractions_are_not_untyped_names() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Shoppers want to Save money. I’m sure. Later the Save button and Black Friday \
         came; Save again. Zorblax rose and Zorblax fell.",
    );
    assert!(
        !n.iter()
            .any(|x| x == "misc:Save" || x.starts_with("misc:I")),
        "{n:?}"
    );
    assert!(n.contains(&"misc:Zorblax".to_string()), "{n:?}");
}

#[test]
fn discovery_rules() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "Officials in Bishkek said the Kyrgyz Republic would use the ink. On Monday, \
         Askar Akaev met DeepGreen Labs. The ink came from DeepGreen Labs in March.",
    );
    assert!(n.contains(&"place:Kyrgyz Republic".to_string()), "{n:?}");
    assert!(n.contains(&"place:Bishkek".to_string()), "{n:?}");
    assert!(n.contains(&"org:DeepGreen Labs".to_string()), "{n:?}");
    // Never alone: months, weekdays, sentence starters, honorifics, pronouns.
    for bad in ["Monday", "March", "Officials", "The", "On"] {
        assert!(
            !n.iter().any(|x| x.ends_with(&format!(":{bad}"))),
            "{bad} in {n:?}"
        );
    }
    // Discovered once: not confirmed; twice: confirmed.
    let a = extract(
        &gz,
        &["We met Zorblax Quantix once. Zorblax Quantix came back."],
        0,
    );
    assert!(a
        .entities
        .iter()
        .any(|e| e.name == "Zorblax Quantix" && e.confirmed));
    let a = extract(&gz, &["We met Zorblax Quantix once."], 0);
    assert!(a
        .entities
        .iter()
        .any(|e| e.name == "Zorblax Quantix" && !e.confirmed));
}

#[test]
fn menus_and_long_capitalised_runs_are_not_names() {
    let gz = Gazetteer::builtin();
    let menu = "Artificial Intelligence View All AI, ML and Deep Learning Auto ML Data \
                Labelling Synthetic Data Conversational AI NLP Share on Facebook LinkedIn";
    let a = extract(&gz, &[menu], 0);
    assert!(a.entities.is_empty(), "{:?}", a.entities);
    // A sentence listing companies is prose, not a menu.
    let n = names(
        &gz,
        "Microsoft, Google, Amazon and Nvidia all raised prices this year, analysts said.",
    );
    assert_eq!(n.len(), 4, "{n:?}");
    // Five or more capitalised words in a row are not one name; a possessive ends a name.
    let a = extract(
        &gz,
        &["We saw Blue Green Red Yellow Purple Violet again and again."],
        0,
    );
    assert!(a.entities.is_empty(), "{:?}", a.entities);
    let n = names(
        &gz,
        "He sang Johnny Cash's Hurt Tonight at the show, and Johnny Cash smiled.",
    );
    assert!(n.contains(&"person:Johnny Cash".to_string()), "{n:?}");
    assert!(
        !n.iter()
            .any(|x| x.contains("Cash's") || x.contains("Cash Hurt")),
        "{n:?}"
    );
}

#[test]
fn fragments_events_and_plural_acronyms_are_not_names() {
    let gz = Gazetteer::builtin();
    let n = names(
        &gz,
        "He told the BBC World Service programme Go Digital about it.",
    );
    assert!(!n.contains(&"product:Go".to_string()), "{n:?}");
    let n = names(
        &gz,
        "Fans queued for Colin McRae Rally and Colin McRae Rally sold out. Fans watched the \
         Rio Olympics, and the Rio Olympics ended. Senior Editor X Topics AI chips.",
    );
    assert!(!n.iter().any(|x| x.starts_with("person:")), "{n:?}");
    let n = names(
        &gz,
        "Prices fell in PCs and in Bristol, and sales in Bristol rose.",
    );
    assert!(!n.contains(&"place:PCs".to_string()), "{n:?}");
    assert!(n.contains(&"place:Bristol".to_string()), "{n:?}");
    let n = names(&gz, "Lawrence Livermore National Laboratory built it; Lawrence Livermore National Laboratory said so.");
    assert!(
        n.contains(&"org:Lawrence Livermore National Laboratory".to_string()),
        "{n:?}"
    );
}

#[test]
fn headline_words_are_weak_for_ambiguous_names() {
    let gz = Gazetteer::builtin();
    let a = extract(
        &gz,
        &[
            "Drones Help Apple Growers",
            "Orchards in Kent use drones to count fruit.",
        ],
        1,
    );
    assert!(
        !a.entities.iter().any(|e| e.name == "Apple"),
        "{:?}",
        a.entities
    );
    let a = extract(
        &gz,
        &[
            "Apple Sues Leakers",
            "The lawsuit filed by Apple names two sites.",
        ],
        1,
    );
    assert!(
        a.entities.iter().any(|e| e.name == "Apple"),
        "{:?}",
        a.entities
    );
}

#[test]
fn the_learned_typer_types_what_the_rules_leave() {
    let gz = Gazetteer::builtin();
    let kind_of = |texts: &[&str], name: &str| {
        let a = extract(&gz, texts, 0);
        a.entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| (e.kind, e.confirmed))
    };
    // No rule types these (see `untyped_names`); the model does, by their context.
    let t = "JustCall, which was founded by SaaSLabs, sells phone software.";
    assert!(untyped_names(&gz, &[t], 0)
        .iter()
        .any(|(_, m)| m.name == "JustCall"));
    assert_eq!(kind_of(&[t], "JustCall"), Some((Kind::Org, true)));
    let t = "Fans of Green Day and Keane bought tickets.";
    assert_eq!(kind_of(&[t], "Keane"), Some((Kind::Org, true)));
    // A sentence's opening words are not vouched for.
    assert_eq!(
        kind_of(&[t], "Fans of Green Day"),
        Some((Kind::Misc, false))
    );
    // One name, one type: every mention of a typed name takes it.
    let a = extract(
        &gz,
        &[
            "JustCall, which was founded by SaaSLabs, sells phone software.",
            "We tried JustCall.",
        ],
        0,
    );
    let kinds: Vec<Kind> = a
        .mentions
        .iter()
        .flatten()
        .filter(|m| m.name == "JustCall")
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, [Kind::Org, Kind::Org]);
}
#[test]
fn model_words_and_numbers_name_products() {
    assert_eq!(model_tail("iPhone 12 Pro Max, out", 6), "12 Pro Max");
    assert_eq!(model_tail("Snapdragon X55 modem", 10), "X55");
    assert_eq!(model_tail("iPhone SE.", 6), "SE");
    assert_eq!(model_tail("iPhone sales", 6), "");
    assert_eq!(model_tail("iPhone US sales", 6), "");
    assert_eq!(model_number_after("Boeing 747 jumbo", 6), Some("747"));
    assert_eq!(
        model_number_after("Boeing 777-200LR flights", 6),
        Some("777-200LR")
    );
    assert_eq!(model_number_after("Airbus A350 orders", 6), Some("A350"));
    // Years, quantities and newswire tables are no models.
    assert_eq!(model_number_after("Boeing 2019 results", 6), None);
    assert_eq!(model_number_after("Boeing 340 vs 250", 6), None);
    assert_eq!(model_number_after("Boeing 340 mln dlrs", 6), None);
    assert_eq!(model_number_after("Boeing 1,340", 6), None);
    assert_eq!(model_number_after("Boeing 12 planes", 6), None);
    let gz = Gazetteer::builtin();
    let a = extract(&gz, &["The A380 will replace the Boeing 747 jumbo."], 0);
    let names: Vec<String> = a
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
        .collect();
    assert!(
        names.contains(&"product:Boeing 747".to_string()),
        "{names:?}"
    );
}
#[test]
fn organisation_cues_of_session_12() {
    let gz = Gazetteer::builtin();
    let typed = |t: &str| -> Vec<String> {
        extract(&gz, &[t], 0)
            .entities
            .iter()
            .filter(|e| e.confirmed)
            .map(|e| format!("{}:{}", e.kind.as_str(), e.name))
            .collect()
    };
    // Two capitals or a capital and a digit count where the context says organisation.
    assert!(typed("Irish band U2 have been honoured.").contains(&"org:U2".into()));
    assert!(typed("Workers told the AP news agency on Monday.").contains(&"org:AP".into()));
    assert!(typed("Workers told the AP on Monday.")
        .iter()
        .all(|n| !n.ends_with(":AP")));
    // "X analyst Jo Roe": X employs the analyst.
    let t = typed("It is a bill for mismanagement, said HVB analyst Peter-Thilo Halser.");
    assert!(t.contains(&"org:HVB".into()), "{t:?}");
    // An apposition's noun comes before its prepositions.
    let t = typed(
        "Location matters, said Fiona Gallway, an infrastructure analyst at a Dublin consultancy.",
    );
    assert!(t.contains(&"person:Fiona Gallway".into()), "{t:?}");
    let t =
        typed("Research from Brackwell, the country's biggest mortgage lender, says prices rose.");
    assert!(t.contains(&"org:Brackwell".into()), "{t:?}");
    // A scope word opens an institution's name.
    let t = typed("It was met with protests by the National Council for Adoption.");
    assert!(
        t.contains(&"org:National Council for Adoption".into()),
        "{t:?}"
    );
}
#[test]
fn middle_initials_and_names_run_together() {
    let gz = Gazetteer::builtin();
    let people = |t: &str| -> Vec<String> {
        extract(&gz, &[t], 0)
            .entities
            .iter()
            .filter(|e| e.kind == Kind::Person)
            .map(|e| e.name.clone())
            .collect()
    };
    // The initial stays inside the span; the name drops it, so that "Carl C. Icahn" and
    // "Carl Icahn" are one person.
    assert_eq!(
        people("It works, according to Allan C. Halpern, a dermatologist."),
        ["Allan Halpern"]
    );
    assert_eq!(
        people("Investor Carl C. Icahn said so, and Carl Icahn left."),
        ["Carl Icahn"]
    );
    assert_eq!(
        people("Stories by Christopher Beam David Gilbert appeared."),
        ["Christopher Beam", "David Gilbert"]
    );
    assert_eq!(people("Mary Jane Smith said so."), ["Mary Jane Smith"]);
}
#[test]
fn a_given_name_after_a_person_role_is_a_person() {
    let gz = Gazetteer::builtin();
    let kind = |t: &str, name: &str| {
        extract(&gz, &[t], 0)
            .entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.kind)
    };
    let t = "Stan Lee is to team up with producer Robert Evans on a movie.";
    assert_eq!(kind(t, "Robert Evans"), Some(Kind::Person));
    let t = "The film won best director for Alexander Payne.";
    assert_eq!(kind(t, "Alexander Payne"), Some(Kind::Person));
    // Business context still says organisation, given name or not.
    let t = "Analysts expect a bid for Philip Morris soon.";
    assert_eq!(kind(t, "Philip Morris"), Some(Kind::Org));
    let t = "The oil producer Brackwell Petroleum raised output.";
    assert_eq!(kind(t, "Brackwell Petroleum"), Some(Kind::Org));
}
#[test]
fn a_known_products_line() {
    let gz = Gazetteer::builtin();
    let products = |t: &str| -> Vec<String> {
        extract(&gz, &[t], 0)
            .entities
            .iter()
            .filter(|e| e.kind == Kind::Product && e.confirmed)
            .map(|e| e.name.clone())
            .collect()
    };
    let p = products("The Echo Show and the Xbox Live service were both on sale.");
    assert!(p.contains(&"Echo Show".to_string()), "{p:?}");
    assert!(p.contains(&"Xbox Live".to_string()), "{p:?}");
    let p = products("Apps in the Google Play Store sold well.");
    assert!(p.iter().any(|n| n.ends_with("Play Store")), "{p:?}");
    // Generic nouns, headings and headlines are no product names.
    let p = products("New Windows PCs shipped with the Cobalt CPU inside.");
    assert!(
        !p.iter().any(|n| n.ends_with("PCs") || n.ends_with("CPU")),
        "{p:?}"
    );
    assert!(!products("Xbox Introduction")
        .iter()
        .any(|n| n.contains("Introduction")));
    let a = extract(&gz, &["Xbox Live Gets Update", "It shipped."], 1);
    assert!(
        a.entities.iter().all(|e| e.name != "Xbox Live Gets"),
        "{:?}",
        a.entities
    );
}
#[test]
fn the_typer_keeps_the_rules_vetoes() {
    let gz = Gazetteer::builtin();
    // Whatever the model says, a generic office is no organisation name of its own.
    for t in [
        "The Finance Ministry said on Monday that it would cut rates, the Finance Ministry added.",
        "Officials at the Finance Ministry declined to comment.",
    ] {
        let a = extract(&gz, &[t], 0);
        assert!(
            !a.entities
                .iter()
                .any(|e| e.kind == Kind::Org && e.name == "Finance Ministry"),
            "{:?}",
            a.entities
        );
    }
}
