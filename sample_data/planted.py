"""Hand-written material for the planted defects and negative controls.

Every entry that rewrites a fact names the fact by its doc_id and exact original question;
generate.py asserts that the fact exists and then uses it only for the planted record.
"""

from __future__ import annotations

# Semantic duplicates: (doc_id, original question, [reworded questions with the same answer]).
PARAPHRASES: list[tuple[str, str, list[str]]] = [
    (
        "doc-001",
        "Roughly how many delegations took part in the Westphalian peace congress?",
        [
            "What was the approximate number of diplomatic missions present at the 1640s gathering that produced the 1648 settlement?"
        ],
    ),
    (
        "doc-003",
        "Which American president suspended habeas corpus during wartime?",
        [
            "During the Civil War, which US leader set aside the writ protecting prisoners from unlawful detention?",
            "Who was the head of state that put habeas corpus on hold in 1861?",
        ],
    ),
    (
        "doc-004",
        "How long does a Neapolitan pizza spend in the oven?",
        [
            "What is the baking time for a pie made to the Naples standard?",
            "For how many seconds is an authentic pizza napoletana cooked?",
        ],
    ),
    (
        "doc-005",
        "Who created the Git version control system?",
        ["Git was written by which developer?"],
    ),
    (
        "doc-006",
        "Who won the first Olympic marathon?",
        ["Which Greek athlete took gold in the long-distance road race at the 1896 Athens Games?"],
    ),
    (
        "doc-007",
        "Which river is the only outflow of Lake Baikal?",
        [
            "Of all the waterways connected to the Siberian lake, which single one carries water away from it?"
        ],
    ),
    (
        "doc-010",
        "Which medical student assisted Banting?",
        ["Who was the young assistant working alongside Frederick Banting in Toronto?"],
    ),
    (
        "doc-012",
        "Where did the first industrial ammonia plant open?",
        ["At what location did BASF start making ammonia on a factory scale in 1913?"],
    ),
    (
        "doc-013",
        "Which sultan converted Hagia Sophia into a mosque?",
        [
            "Which Ottoman ruler turned the great Byzantine church of Constantinople into a place of Muslim worship?"
        ],
    ),
    (
        "doc-015",
        "Which new currency halted the German hyperinflation?",
        [
            "What money was introduced in late 1923 to stop prices in Germany spiralling?",
            "The runaway price rises of the Weimar Republic ended with the launch of which monetary unit?",
        ],
    ),
    (
        "doc-016",
        "Which physician led the anti-mosquito campaign in Panama?",
        [
            "Who was the doctor in charge of fighting the insects that spread disease among canal workers?"
        ],
    ),
    (
        "doc-018",
        "Who challenged his guests at the Villa Diodati to write ghost stories?",
        [
            "At Villa Diodati, which poet set the house party the task of composing a supernatural tale?"
        ],
    ),
    (
        "doc-021",
        "How many vacuum tubes did ENIAC use?",
        [
            "What was the total count of valves inside the first general-purpose electronic computer?"
        ],
    ),
    (
        "doc-022",
        "Who scored the highest individual Test innings?",
        [
            "Which batsman holds the record for the biggest single-innings score in the five-day game?"
        ],
    ),
    (
        "doc-023",
        "Which Icelandic volcano erupted in 2010?",
        ["What is the name of the volcano whose ash grounded European air traffic for six days?"],
    ),
    (
        "doc-026",
        "Which Spanish explorer noticed the force of the Gulf Stream?",
        ["In 1513, whose fleet was driven backwards by the powerful Atlantic current off Florida?"],
    ),
    (
        "doc-027",
        "Which mechanic built the engine for the Wright Flyer?",
        ["Who constructed the aluminium motor that powered the brothers' 1903 aeroplane?"],
    ),
    (
        "doc-028",
        "Aboard which ship did Lind conduct his trial?",
        ["On what vessel was the 1747 experiment testing citrus against scurvy carried out?"],
    ),
    (
        "doc-029",
        "Which film won the first Best Picture award?",
        ["What movie took the top prize at the inaugural Academy Awards ceremony?"],
    ),
    (
        "doc-033",
        "What was the original name of SQL?",
        ["Before a trademark dispute forced a change, what was IBM's query language called?"],
    ),
    (
        "doc-034",
        "How does TCP set up a connection before data flows?",
        [
            "What exchange opens a session between two hosts under the Transmission Control Protocol?"
        ],
    ),
    (
        "doc-039",
        "How long does the full Trans-Siberian journey take?",
        [
            "What is the travel time for the Rossiya from one end of the line to the other?",
            "If you ride the train from Moscow to Vladivostok, roughly how long will you spend aboard?",
        ],
    ),
    (
        "doc-040",
        "Who invented the piano?",
        [
            "Which Florentine instrument keeper built the first keyboard whose hammers strike the strings?"
        ],
    ),
    (
        "doc-041",
        "In what solution did Semmelweis order staff to wash their hands?",
        [
            "What disinfectant did the Hungarian doctor make Vienna's clinic staff use on their hands?"
        ],
    ),
    (
        "doc-046",
        "Which aircraft carrier recovered the Apollo 11 crew?",
        [
            "After splashdown, what navy ship picked up Armstrong, Aldrin and Collins?",
            "The returning moon crew was hauled out of the Pacific by which vessel?",
        ],
    ),
    (
        "doc-046",
        "What did the plaque left on the Moon say?",
        ["Which inscription did the first moonwalkers leave behind on the lunar surface?"],
    ),
    (
        "doc-047",
        "Which enzyme can be programmed to cut a chosen DNA sequence?",
        ["What protein acts as the programmable cutter in CRISPR gene editing?"],
    ),
    (
        "doc-053",
        "Which reservoir did the Aswan High Dam create?",
        ["What artificial lake formed behind Egypt's great dam completed in 1970?"],
    ),
    (
        "doc-055",
        "Which Canadian zoologist organised the search for the wintering grounds?",
        ["Who coordinated the hunt that led to the discovery of the monarchs' Mexican roosts?"],
    ),
    (
        "doc-011",
        "Which is the largest moon in the solar system?",
        ["What is the biggest natural satellite orbiting any planet in our solar system?"],
    ),
]

# Vague references: (doc_id, original question, rewritten question that no longer names its subject).
VAGUE: list[tuple[str, str, str]] = [
    (
        "doc-002",
        "What does the name tardigrade mean?",
        "According to the passage, what does the name mean?",
    ),
    (
        "doc-003",
        "What kind of legal instrument is habeas corpus?",
        "What kind of legal instrument does the text describe?",
    ),
    (
        "doc-005",
        "Where do most Git operations run?",
        "Where do most operations of the system described in this article run?",
    ),
    ("doc-007", "What shape is Lake Baikal?", "What shape is the lake mentioned in the passage?"),
    (
        "doc-010",
        "Which animals were used in the early insulin experiments?",
        "Which animals did the researchers in the text experiment on?",
    ),
    (
        "doc-012",
        "Which chemical company employed Carl Bosch?",
        "According to the author, which company employed the engineer?",
    ),
    (
        "doc-015",
        "How often were German workers paid during the hyperinflation?",
        "How often were workers paid during the crisis described above?",
    ),
    (
        "doc-016",
        "Which cargo ship made the first official canal transit?",
        "Which ship made the first official transit through the canal in this document?",
    ),
    (
        "doc-018",
        "What did Prometheus steal from the gods?",
        "What did the Titan referred to in the passage steal from the gods?",
    ),
    (
        "doc-022",
        "What colour ball is used in day-night Tests?",
        "In the sport discussed in the above paragraph, what colour ball is used at night?",
    ),
    (
        "doc-026",
        "How wide is the Gulf Stream?",
        "How wide is the current described in this excerpt?",
    ),
    (
        "doc-028",
        "What nickname did British sailors earn?",
        "What nickname did the sailors in the text earn?",
    ),
    (
        "doc-029",
        "Who starred in The Jazz Singer?",
        "Who starred in the film the article mentions first?",
    ),
    (
        "doc-034",
        "Which well-known port is used by HTTP?",
        "According to the passage, which port is used by HTTP?",
    ),
    (
        "doc-039",
        "What colour is the Europe-Asia obelisk on the line?",
        "What colour is the obelisk mentioned in the passage?",
    ),
    ("doc-041", "Who ran the Second Clinic?", "Based on the text, who ran the second clinic?"),
    (
        "doc-042",
        "In which month is the modern Tour held?",
        "In which month is the race described by the author held?",
    ),
    (
        "doc-044",
        "In which city is the World Institute of Kimchi?",
        "In which city is the institute mentioned in this passage located?",
    ),
    (
        "doc-049",
        "With what were the Song notes printed?",
        "What were the notes in the passage printed with?",
    ),
    (
        "doc-052",
        "Who wrote the Zen of Python?",
        "Who wrote the list of aphorisms referred to in the context?",
    ),
    (
        "doc-054",
        "How many custom chess chips did Deep Blue use?",
        "How many custom chips did the machine in the article use?",
    ),
    (
        "doc-030",
        "What does the round dance signal?",
        "What does the simpler dance described in the passage signal?",
    ),
]

# The question gives its own answer away: (doc_id, original question, rewritten question).
ANSWER_IN_QUESTION: list[tuple[str, str, str]] = [
    (
        "doc-001",
        "When did negotiations for the Peace of Westphalia open?",
        "When did the Westphalian negotiations, which opened in 1643, begin?",
    ),
    (
        "doc-006",
        "Which race is the world's oldest annual marathon?",
        "Which race, the Boston Marathon, is the world's oldest annual marathon?",
    ),
    (
        "doc-008",
        "Which mathematician discovered the constant e?",
        "Which mathematician, Jacob Bernoulli, is credited with discovering the constant e?",
    ),
    (
        "doc-013",
        "In which modern city does Hagia Sophia stand?",
        "Hagia Sophia stands in Istanbul; in which modern city is it located?",
    ),
    (
        "doc-017",
        "What are floating mangrove seedlings called?",
        "What do botanists call the floating propagules that mangroves drop into the water?",
    ),
    (
        "doc-020",
        "Which theory could not explain Lenard's results?",
        "Which theory, classical wave theory or quantum theory, could not explain Lenard's results?",
    ),
    (
        "doc-023",
        "Which hot spring is now more reliable than Geysir?",
        "Which hot spring near Geysir, known as Strokkur, erupts more reliably today?",
    ),
    (
        "doc-025",
        "When was RSA published?",
        "In what year was the RSA system, first published in 1977, made public?",
    ),
    (
        "doc-027",
        "What metal was the Wright engine made of?",
        "Was the Wright brothers' engine made of aluminium or steel?",
    ),
    (
        "doc-031",
        "Which destructive storm is given as an example of a retired name?",
        "Was Katrina the storm given as an example of a retired name?",
    ),
    (
        "doc-035",
        "What small item is cited as sufficient consideration?",
        "What small item, a peppercorn, is cited as sufficient consideration in contract law?",
    ),
    (
        "doc-037",
        "What kind of rock is the Rosetta Stone made of?",
        "The Rosetta Stone is a slab of granodiorite; what kind of rock is it made of?",
    ),
    (
        "doc-040",
        "How many keys does a modern piano have?",
        "Does a modern piano have 88 keys or 85 keys?",
    ),
    (
        "doc-044",
        "Which bacteria dominate the early stage of kimchi fermentation?",
        "Which Leuconostoc bacteria dominate the early stage of kimchi fermentation?",
    ),
    (
        "doc-050",
        "Which milkmaid supplied the cowpox material?",
        "Which milkmaid, Sarah Nelmes, supplied Jenner with cowpox material?",
    ),
    (
        "doc-056",
        "What animal rode with Emily Roebling on the first crossing?",
        "Which animal, a rooster, accompanied Emily Roebling on the first crossing?",
    ),
    (
        "doc-047",
        "Who announced the birth of gene-edited twins?",
        "Who was He Jiankui, the scientist who announced the birth of gene-edited twins?",
    ),
]

# Unsupported answers: (doc_id, question, wrong answer, kind of error).
ANSWER_NOT_IN_CONTEXT: list[tuple[str, str, str, str]] = [
    ("doc-001", "How far apart were Münster and Osnabrück?", "about 80 kilometres", "wrong number"),
    (
        "doc-002",
        "Who first described tardigrades?",
        "Johann August Ephraim Goethe",
        "one word changed",
    ),
    (
        "doc-003",
        "How large was the fine for a jailer's first refusal of the writ?",
        "500 pounds",
        "wrong number",
    ),
    (
        "doc-004",
        "What is the maximum diameter of a Neapolitan pizza?",
        "30 centimetres",
        "wrong number",
    ),
    (
        "doc-005",
        "Since what year had kernel developers used BitKeeper?",
        "1998",
        "hallucinated year",
    ),
    ("doc-007", "How deep is Lake Baikal at its deepest point?", "1,642 feet", "wrong unit"),
    ("doc-009", "When was the Well-Tempered Clavier first printed?", "1750", "hallucinated year"),
    (
        "doc-010",
        "Which biochemist purified the extract for human use?",
        "Charles Collip",
        "one word changed",
    ),
    (
        "doc-012",
        "Who largely developed the catalyst for ammonia synthesis?",
        "Carl Bosch and Fritz Haber",
        "wrong people from the same passage",
    ),
    (
        "doc-013",
        "How many windows ring the base of the Hagia Sophia dome?",
        "24 windows",
        "wrong number",
    ),
    (
        "doc-016",
        "How high are ships raised in the Panama Canal?",
        "9,289 kilometres",
        "answer from another passage",
    ),
    (
        "doc-018",
        "Which epic poem is among the books Frankenstein's creature reads?",
        "The Divine Comedy",
        "hallucinated",
    ),
    (
        "doc-021",
        "When was ENIAC switched off for the last time?",
        "2 October 1957",
        "one word changed",
    ),
    ("doc-026", "When did Franklin publish his chart of the Gulf Stream?", "1775", "wrong year"),
    (
        "doc-028",
        "Which fruit later replaced lemons in Royal Navy rations?",
        "West Indian oranges",
        "one word changed",
    ),
    (
        "doc-031",
        "Which engineer helped develop the hurricane scale?",
        "Herbert Simpson",
        "names mixed up",
    ),
    (
        "doc-035",
        "How much had the smoke ball company deposited in a bank?",
        "10,000 pounds",
        "wrong number",
    ),
    (
        "doc-039",
        "What is the track gauge of the Trans-Siberian?",
        "1,524 millimetres",
        "wrong number",
    ),
    ("doc-042", "Who won the first Tour de France?", "Maurice Garrin", "misspelt name"),
    (
        "doc-045",
        "Which Venetian merchant reached Kublai Khan's court?",
        "Niccolò Polo",
        "hallucinated relative",
    ),
    (
        "doc-046",
        "How much lunar rock and soil did Apollo 11 collect?",
        "47.5 kilograms",
        "wrong number",
    ),
    (
        "doc-051",
        "Which European probe flew close to the comet's nucleus?",
        "Rosetta",
        "hallucinated probe",
    ),
    ("doc-053", "How long is the Nile?", "about 6,650 miles", "wrong unit"),
    ("doc-055", "How far do migrating monarchs fly?", "as far as 4,800 kilometres", "wrong number"),
    (
        "doc-054",
        "How many positions per second could Deep Blue evaluate?",
        "about 200 thousand",
        "one word changed",
    ),
    (
        "doc-056",
        "How many elephants crossed the bridge in Barnum's demonstration?",
        "12 elephants",
        "number borrowed from another sentence",
    ),
]

# Personal data planted in an extra context sentence. (doc_id, sentence, question, answer, kind).
# "{card}" is replaced by a generated card number that passes the Luhn check.
PII: list[tuple[str, str, str, str, str]] = [
    (
        "doc-003",
        "For copies of the statute, write to the archive clerk at helen.marsh@kentrecords.co.uk.",
        "Which email address handles requests for copies of the 1679 statute?",
        "helen.marsh@kentrecords.co.uk",
        "email",
    ),
    (
        "doc-006",
        "Race-day registration queries go to the Boston desk on (617) 555-0148.",
        "What phone number handles race-day registration queries?",
        "(617) 555-0148",
        "phone-us",
    ),
    (
        "doc-007",
        "The lake's monitoring buoys report to the server at 192.168.41.17 every hour.",
        "To which IP address do the Baikal monitoring buoys report?",
        "192.168.41.17",
        "ipv4",
    ),
    (
        "doc-008",
        "In the worked example, the deposit was paid with the card {card}.",
        "Which card number paid the deposit in the worked example?",
        "{card}",
        "credit-card",
    ),
    (
        "doc-010",
        "Relatives of the first patients can reach the archive on +44 20 7946 0321.",
        "What number should relatives call to reach the insulin archive?",
        "+44 20 7946 0321",
        "phone-uk",
    ),
    (
        "doc-013",
        "Private dome tours are booked through ayse.demir@sultanahmet-tours.com.tr.",
        "Which email address books private dome tours of Hagia Sophia?",
        "ayse.demir@sultanahmet-tours.com.tr",
        "email",
    ),
    (
        "doc-015",
        "The collector selling the banknotes, Klaus Brenner, answers on +49 30 2758 4412.",
        "On which number can the banknote collector be reached?",
        "+49 30 2758 4412",
        "phone-de",
    ),
    (
        "doc-016",
        "Transit fees for the yacht were charged to card {card}.",
        "Which card was charged for the yacht's canal transit fees?",
        "{card}",
        "credit-card",
    ),
    (
        "doc-018",
        "The manuscript's current owner, Daniel Okafor, can be reached at d.okafor1987@gmail.com.",
        "How can the owner of the Frankenstein manuscript be contacted?",
        "d.okafor1987@gmail.com",
        "email",
    ),
    (
        "doc-021",
        "The museum's replica console is reachable on the internal address 10.0.12.254.",
        "At what internal address is the replica ENIAC console reachable?",
        "10.0.12.254",
        "ipv4",
    ),
    (
        "doc-022",
        "Members can book Boxing Day Test seats by calling +61 3 9657 8867.",
        "Which number books Boxing Day Test seats for members?",
        "+61 3 9657 8867",
        "phone-au",
    ),
    (
        "doc-027",
        "The Dayton bicycle shop tour is run by Mike Ferris, 937-555-0172.",
        "What is the phone number for the Dayton bicycle shop tour?",
        "937-555-0172",
        "phone-us",
    ),
    (
        "doc-029",
        "The restored print can be viewed by appointment on +33 1 42 68 53 07.",
        "Which number arranges a viewing of the restored film print?",
        "+33 1 42 68 53 07",
        "phone-fr",
    ),
    (
        "doc-034",
        "During the test, the client at 203.0.113.58 opened the first connection.",
        "Which client address opened the first connection in the test?",
        "203.0.113.58",
        "ipv4",
    ),
    (
        "doc-035",
        "The buyer paid the deposit with the card {card}.",
        "Which card did the buyer use to pay the deposit?",
        "{card}",
        "credit-card",
    ),
    (
        "doc-040",
        "The restorer, Priya Raman, takes bookings on +91 98450 32176.",
        "On what number does the piano restorer take bookings?",
        "+91 98450 32176",
        "phone-in",
    ),
    (
        "doc-042",
        "Team hotel bookings are handled by jl.moreau@wanadoo.fr.",
        "Who handles team hotel bookings for the race, by email?",
        "jl.moreau@wanadoo.fr",
        "email",
    ),
    (
        "doc-044",
        "The cooking class in Gwangju is booked by calling Min-ji Park at +82 62-381-7788.",
        "What number books the kimchi cooking class?",
        "+82 62-381-7788",
        "phone-kr",
    ),
    (
        "doc-047",
        "Lab tours are arranged with the coordinator at j.kim@genelab-research.org.",
        "Which email address arranges tours of the gene-editing lab?",
        "j.kim@genelab-research.org",
        "email",
    ),
    (
        "doc-050",
        "The donation to the vaccine fund was made with card {card}.",
        "Which card number made the donation to the vaccine fund?",
        "{card}",
        "credit-card",
    ),
    (
        "doc-052",
        "The mirror of the package index ran on 172.16.254.3 during the outage.",
        "On which address did the package index mirror run during the outage?",
        "172.16.254.3",
        "ipv4",
    ),
    (
        "doc-056",
        "Walking tours of the bridge are led by Tom Brennan, (718) 555-0199.",
        "Which phone number reaches the bridge walking tour guide?",
        "(718) 555-0199",
        "phone-us",
    ),
    (
        "doc-053",
        "Sara Nilsson (sara.nilsson@telia.se) asked how long the river is.",
        "What is the email address of the person who asked how long the Nile is?",
        "sara.nilsson@telia.se",
        "email",
    ),
]

# Personal data typed into the question itself: (doc_id, original question, new question, kind).
PII_IN_QUESTION: list[tuple[str, str, str, str]] = [
    (
        "doc-026",
        "Who knew to avoid the Gulf Stream?",
        "My name is Tom Reyes, call me on 07700 900123 if needed: who knew to avoid the Gulf Stream?",
        "phone-uk-mobile",
    ),
    (
        "doc-049",
        "Which bank issued Europe's first banknotes?",
        "For my thesis (reply to li.wei88@163.com), which bank issued Europe's first banknotes?",
        "email",
    ),
    (
        "doc-034",
        "Which congestion control algorithm limits how fast a sender ramps up?",
        "On host 198.51.100.23 the transfer stalls; which congestion control algorithm limits how fast a sender ramps up?",
        "ipv4",
    ),
]

# Look-alikes that must NOT be flagged as personal data. "{bad16}" is a 16-digit number that
# fails the Luhn check.
PII_LOOKALIKE: list[tuple[str, str, str, str, str]] = [
    (
        "doc-005",
        "The build server in the example runs Git version 2.43.0.",
        "Which Git release does the example build server run?",
        "version 2.43.0",
        "version string",
    ),
    (
        "doc-008",
        "The bank's internal reference for the example account is {bad16}.",
        "What is the bank's internal reference for the example account?",
        "{bad16}",
        "16 digits failing Luhn",
    ),
    (
        "doc-009",
        "A modern urtext edition is catalogued as ISBN 978-0-306-40615-7.",
        "Under which ISBN is the modern urtext edition catalogued?",
        "ISBN 978-0-306-40615-7",
        "ISBN",
    ),
    (
        "doc-015",
        "The museum's main hall covers the crisis years 1918-1923.",
        "Which years does the museum's main hall cover?",
        "1918-1923",
        "year range",
    ),
    (
        "doc-021",
        "Its museum inventory number is {bad16}.",
        "What is the museum inventory number of the ENIAC panels?",
        "{bad16}",
        "16 digits failing Luhn",
    ),
    (
        "doc-033",
        "The language is standardised as ISO/IEC 9075.",
        "Under which standard number is SQL standardised?",
        "ISO/IEC 9075",
        "standard number",
    ),
    (
        "doc-040",
        "Tuners in the workshop use version 2.4.1 of the calibration software.",
        "Which version of the calibration software do the tuners use?",
        "version 2.4.1",
        "version string",
    ),
    (
        "doc-046",
        "Tranquility Base lies at roughly 0.674 N, 23.473 E.",
        "What are the approximate coordinates of Tranquility Base?",
        "0.674 N, 23.473 E",
        "coordinates",
    ),
    (
        "doc-052",
        "The course notes target Python 3.12.4.",
        "Which Python release do the course notes target?",
        "Python 3.12.4",
        "version string",
    ),
    (
        "doc-039",
        "The Rossiya is listed in timetables as train 001M/002M.",
        "Under which train numbers is the Rossiya listed?",
        "001M/002M",
        "train number",
    ),
    (
        "doc-054",
        "The match archive is catalogued as 1997-05-11 in the club records.",
        "Under what date code is the match archive catalogued?",
        "1997-05-11",
        "date",
    ),
]

# Valid but unanswerable SQuAD v2 questions: (doc_id, question, plausible answer span or None).
UNANSWERABLE: list[tuple[str, str, str | None]] = [
    ("doc-002", "How many eggs does a female tardigrade typically lay?", None),
    ("doc-002", "In what year did Lazzaro Spallanzani die?", "1773"),
    ("doc-009", "How many fugues did Mozart arrange for string quartet in total?", "several"),
    ("doc-011", "When did the Galileo spacecraft reach Jupiter?", "2030"),
    ("doc-011", "Who first detected the subsurface ocean of Europa?", None),
    ("doc-014", "Which English king was on the throne when the Great Vowel Shift began?", None),
    ("doc-017", "How many mangrove species grow in the Sundarbans?", None),
    ("doc-020", "Which metal did Philipp Lenard use as a target in 1902?", None),
    ("doc-025", "What is the largest prime number known today?", "11"),
    (
        "doc-025",
        "Which mathematician first proved the fundamental theorem of arithmetic?",
        "Euclid",
    ),
    ("doc-030", "How many bees live in a typical honeybee colony?", "dozens"),
    ("doc-038", "How much did the first commercial lithium-ion cell cost?", None),
    ("doc-038", "In which city was Akira Yoshino born?", None),
    ("doc-043", "What is the highest temperature ever recorded in the Atacama?", None),
    ("doc-043", "In what year did the ALMA observatory begin scientific observations?", None),
]

# Junk in the question field: LLM self-talk, refusals and non-questions.
JUNK_QUESTIONS: list[str] = [
    "As an AI language model, I cannot create questions about copyrighted material.",
    "I'm sorry, but I cannot generate a question from this context.",
    "I apologize, but there isn't enough information here to write a good question.",
    "Here are 5 questions about the passage:",
    "Here are some questions based on the text above:",
    "Sure! Question 1:",
    "Sure, here's a question for you:",
    "Okay, let me think about what to ask.",
    "Question:",
    "Why?",
    "What?",
    "How so?",
    "Q1.",
    "<question>",
    "Generate a question about the text.",
]

# Self-talk prefixes glued onto an otherwise fine question.
JUNK_PREFIXES: list[str] = [
    "Sure! Question 1: ",
    "As an AI language model, I would ask: ",
    "Here is a question about the passage: ",
    "Certainly! Here's one: ",
    "Q: Question 2) ",
]

# Refusals and meta talk in the answer/output field (alpaca and chat).
REFUSALS: list[str] = [
    "I'm sorry, but I can't help with that request.",
    "As an AI language model, I don't have access to that information.",
    "I cannot answer this question as it requires information I don't have.",
    "Unfortunately, I am unable to provide an answer to this.",
    "I'm not able to browse the internet, so I can't verify this.",
    "I apologize, but I cannot determine the answer from the given input.",
]

# Wrappers that make an otherwise correct answer verbose or leave formatting debris.
VERBOSE_TEMPLATES: list[str] = [
    "The answer to the question is {a}.",
    "Based on the passage, {a}.",
    "According to the text, the answer is {a}.",
    "Answer: {a}",
    "```\n{a}\n```",
    '{{"answer": {aj}}}',
    '```json\n{{"answer": {aj}}}\n```',
    "Sure! The answer is {a}.",
    "Great question! It is {a}.",
    "{a}. I hope this helps!",
    "From the context provided, we can see that the answer is {a}.",
    "**Answer:** {a}",
    "The correct answer would be: {a}",
]

# Placeholders that count as an empty field.
EMPTY_ANSWERS: list[str] = [
    "",
    "N/A",
    "<noinput>",
    "none",
    "TBD",
    "?",
    "   ",
    "n/a",
    "null",
    "-",
    "\t",
    "None",
    "No answer",
    "",
]
EMPTY_QUESTIONS: list[str] = ["", "   ", "N/A", "?", "\n", "TBD"]
