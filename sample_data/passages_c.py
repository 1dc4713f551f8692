"""Hand-written source passages doc-025 to doc-036 with their extractive QA facts."""

from __future__ import annotations

PASSAGES_C: list[dict] = [
    {
        "doc_id": "doc-025",
        "title": "Euclid and the Prime Numbers",
        "topic": "mathematics",
        "chunks": [
            "A prime number is a whole number greater than 1 whose only divisors are 1 and itself, so 2, "
            "3, 5, 7 and 11 are prime while 9 is not. The number 2 is the only even prime. Around 300 BC "
            "the Greek mathematician Euclid proved in his Elements that there are infinitely many "
            "primes. His argument is a model of elegance: take any finite list of primes, multiply them "
            "together and add 1. The result leaves a remainder of 1 when divided by every prime on the "
            "list, so it must be either a new prime or divisible by some prime that was missing. The "
            "fundamental theorem of arithmetic states that every whole number above 1 can be written as a "
            "product of primes in exactly one way, apart from the order of the factors. The ancient "
            "method called the sieve of Eratosthenes finds all the primes up to a limit by crossing out "
            "the multiples of each prime in turn. Primes thin out as numbers grow, and the prime number "
            "theorem, proved independently by Jacques Hadamard and Charles de la Vallée Poussin in 1896, "
            "says that the number of primes below n is roughly n divided by its natural logarithm. Large "
            "primes are central to the RSA encryption system, published in 1977, which relies on the "
            "difficulty of factoring the product of two such numbers.",
        ],
        "facts": [
            ("What are the only divisors of a prime number?", "1 and itself"),
            ("Which odd number below 11 is given as an example of a non-prime?", "9"),
            ("Which number is the only even prime?", "The number 2"),
            ("Which Greek mathematician proved that the primes never run out?", "Euclid"),
            ("Around when did Euclid give his proof about primes?", "300 BC"),
            ("In which work did Euclid prove his theorem on primes?", "Elements"),
            ("How many primes exist, according to Euclid's proof?", "infinitely many"),
            (
                "In Euclid's argument, what is done after multiplying the listed primes together?",
                "add 1",
            ),
            (
                "What does Euclid's constructed number leave when divided by any listed prime?",
                "a remainder of 1",
            ),
            (
                "Which theorem says every whole number above 1 has a unique prime factorisation?",
                "The fundamental theorem of arithmetic",
            ),
            ("Apart from what is prime factorisation unique?", "the order of the factors"),
            ("Which ancient method finds all primes up to a limit?", "the sieve of Eratosthenes"),
            (
                "How does the sieve of Eratosthenes work?",
                "crossing out the multiples of each prime in turn",
            ),
            ("What happens to primes as numbers grow larger?", "thin out"),
            (
                "Which theorem estimates how many primes lie below a number n?",
                "the prime number theorem",
            ),
            (
                "Who proved the prime number theorem independently of Hadamard?",
                "Charles de la Vallée Poussin",
            ),
            ("In what year was the prime number theorem proved?", "1896"),
            ("Approximately how many primes lie below n?", "n divided by its natural logarithm"),
            ("Which encryption system depends on large primes?", "RSA"),
            ("When was RSA published?", "1977"),
            ("What difficulty does RSA security rest on?", "the difficulty of factoring"),
            (
                "Which French mathematician is named first among the provers of the prime number theorem?",
                "Jacques Hadamard",
            ),
        ],
    },
    {
        "doc_id": "doc-026",
        "title": "The Gulf Stream",
        "topic": "oceanography",
        "chunks": [
            "The Gulf Stream is a powerful, warm ocean current that begins in the Gulf of Mexico, flows "
            "through the Straits of Florida and follows the eastern coastline of the United States before "
            "crossing the Atlantic towards Europe. At its strongest it moves about 150 million cubic "
            "metres of water per second, more than all the world's rivers combined. Its surface speed can "
            "reach 2.5 metres per second, and it is roughly 100 kilometres wide. The Spanish explorer "
            "Juan Ponce de León noticed its force in 1513, when his ships were pushed backwards despite a "
            "favourable wind. Benjamin Franklin, serving as deputy postmaster general for the colonies, "
            "published one of the first charts of the current in 1770 after learning that British mail "
            "ships sailed against it while American whalers avoided it. East of the Grand Banks of "
            "Newfoundland the current becomes the North Atlantic Drift, which carries heat to "
            "northwestern Europe and helps give Ireland and Norway milder winters than their latitudes "
            "would suggest. The current is part of the Atlantic Meridional Overturning Circulation, and "
            "some climate studies warn that melting Greenland ice could weaken this system during this "
            "century.",
        ],
        "facts": [
            ("Where does the Gulf Stream begin?", "the Gulf of Mexico"),
            ("Through which straits does the Gulf Stream flow?", "the Straits of Florida"),
            (
                "Along which coastline does the Gulf Stream travel before crossing the ocean?",
                "the eastern coastline of the United States",
            ),
            (
                "How much water does the Gulf Stream move per second at its strongest?",
                "about 150 million cubic metres",
            ),
            ("What does the Gulf Stream's flow exceed?", "all the world's rivers combined"),
            ("What is the maximum surface speed of the Gulf Stream?", "2.5 metres per second"),
            ("How wide is the Gulf Stream?", "roughly 100 kilometres"),
            ("Which Spanish explorer noticed the force of the Gulf Stream?", "Juan Ponce de León"),
            ("In what year did Ponce de León encounter the current?", "1513"),
            (
                "What happened to Ponce de León's ships despite a favourable wind?",
                "pushed backwards",
            ),
            (
                "What post did Benjamin Franklin hold when he charted the current?",
                "deputy postmaster general",
            ),
            ("When did Franklin publish his chart of the Gulf Stream?", "1770"),
            ("Which ships were slowed by sailing against the Gulf Stream?", "British mail ships"),
            ("Who knew to avoid the Gulf Stream?", "American whalers"),
            (
                "What does the Gulf Stream become east of the Grand Banks?",
                "the North Atlantic Drift",
            ),
            ("Off which island do the Grand Banks lie?", "Newfoundland"),
            ("Which region receives heat from the North Atlantic Drift?", "northwestern Europe"),
            (
                "Which two countries have milder winters thanks to the North Atlantic Drift?",
                "Ireland and Norway",
            ),
            (
                "Which larger circulation system includes the Gulf Stream?",
                "the Atlantic Meridional Overturning Circulation",
            ),
            (
                "What could weaken the Atlantic overturning system this century?",
                "melting Greenland ice",
            ),
        ],
    },
    {
        "doc_id": "doc-027",
        "title": "The Wright Brothers",
        "topic": "aviation",
        "chunks": [
            "Wilbur and Orville Wright were bicycle makers from Dayton, Ohio, who used the profits from "
            "their shop to fund experiments in flight. They chose the windy dunes of Kitty Hawk, North "
            "Carolina, on the advice of the US Weather Bureau, and tested a series of gliders there from "
            "1900. Frustrated by inaccurate published data, they built a small wind tunnel in 1901 and "
            "tested more than 200 wing shapes. Their key insight was three-axis control: wing warping to "
            "roll the aircraft, a movable rudder for yaw and a front elevator for pitch. Because no "
            "suitable engine was available, their mechanic Charlie Taylor built a 12-horsepower "
            "aluminium engine in about six weeks.",
            "On 17 December 1903, at Kill Devil Hills near Kitty Hawk, Orville piloted the Wright Flyer "
            "on the first controlled, sustained, powered flight of a heavier-than-air machine. It lasted "
            "12 seconds and covered 37 metres. The brothers made four flights that day, and the longest, "
            "flown by Wilbur, covered 260 metres in 59 seconds before a gust of wind wrecked the "
            "aircraft. Few newspapers believed the news at first. In 1908 Wilbur's public demonstrations "
            "at Le Mans in France convinced European sceptics. The original Flyer now hangs in the "
            "Smithsonian's National Air and Space Museum, and a piece of its fabric travelled to Mars "
            "aboard the Ingenuity helicopter in 2021.",
        ],
        "facts": [
            ("What trade did the Wright brothers follow before flying?", "bicycle makers"),
            ("Which city were the Wright brothers from?", "Dayton, Ohio"),
            ("How did the Wrights fund their flight experiments?", "the profits from their shop"),
            ("On whose advice did the Wrights choose Kitty Hawk?", "the US Weather Bureau"),
            ("What kind of terrain did Kitty Hawk offer the brothers?", "windy dunes"),
            ("From what year did the Wrights test gliders at Kitty Hawk?", "1900"),
            ("When did the Wrights build their wind tunnel?", "1901"),
            ("How many wing shapes did the Wrights test in their tunnel?", "more than 200"),
            (
                "What frustration led the Wrights to build a wind tunnel?",
                "inaccurate published data",
            ),
            ("What was the key insight behind the Wright aircraft?", "three-axis control"),
            ("How did the Wright aircraft control roll?", "wing warping"),
            ("What controlled yaw on the Wright Flyer?", "a movable rudder"),
            ("Which control surface handled pitch on the Wright machine?", "a front elevator"),
            ("Which mechanic built the engine for the Wright Flyer?", "Charlie Taylor"),
            ("How powerful was the Wright Flyer's engine?", "12-horsepower"),
            ("What metal was the Wright engine made of?", "aluminium"),
            ("How long did Taylor take to build the engine?", "about six weeks"),
            ("On what date did the first powered aeroplane flight take place?", "17 December 1903"),
            ("At which site near Kitty Hawk did the first flight happen?", "Kill Devil Hills"),
            ("Which Wright brother piloted the first powered flight?", "Orville", 1),
            ("How long did the first powered flight last?", "12 seconds"),
            ("How far did the first powered flight travel?", "37 metres"),
            (
                "How many flights did the Wright brothers make on their first powered day?",
                "four flights",
            ),
            ("How far did the longest flight of 17 December 1903 go?", "260 metres"),
            (
                "How long was the longest of the Wrights' four flights on 17 December 1903?",
                "59 seconds",
            ),
            ("What wrecked the Wright Flyer after its fourth flight?", "a gust of wind"),
            ("In which French town did Wilbur give public demonstrations in 1908?", "Le Mans"),
            (
                "Where does the original Wright Flyer hang today?",
                "the Smithsonian's National Air and Space Museum",
            ),
            ("Which Mars helicopter carried a piece of the Flyer's fabric?", "Ingenuity"),
            ("In what year did the Flyer's fabric reach Mars?", "2021"),
            ("Which Wright brother flew the longest flight on 17 December 1903?", "Wilbur", 1),
        ],
    },
    {
        "doc_id": "doc-028",
        "title": "Scurvy and James Lind",
        "topic": "nutrition",
        "chunks": [
            "Scurvy, a disease caused by a lack of vitamin C, killed more sailors during the age of sail "
            "than storms, shipwrecks and battles combined. Its symptoms include bleeding gums, loose "
            "teeth, old wounds reopening and extreme fatigue. In 1747 the Scottish naval surgeon James "
            "Lind carried out one of the first controlled clinical trials aboard HMS Salisbury. He "
            "divided twelve sick sailors into six pairs and gave each pair a different remedy, including "
            "cider, vinegar, seawater and two oranges and a lemon every day. The pair receiving citrus "
            "recovered so quickly that one was fit for duty within six days. Lind published his Treatise "
            "of the Scurvy in 1753, but the Royal Navy did not issue lemon juice to all sailors until "
            "1795. Later the navy switched to cheaper West Indian limes, which contain far less vitamin "
            "C, and this is often blamed for scurvy's return on polar expeditions. British sailors "
            "nevertheless earned the nickname limeys. Humans, along with guinea pigs and some bats and "
            "primates, cannot make vitamin C themselves because of a broken gene. The Hungarian "
            "biochemist Albert Szent-Györgyi isolated the vitamin, which he first obtained from paprika "
            "in large amounts, and won the Nobel Prize in 1937.",
        ],
        "facts": [
            ("What deficiency causes scurvy?", "a lack of vitamin C"),
            (
                "What did scurvy kill more sailors than during the age of sail?",
                "storms, shipwrecks and battles combined",
            ),
            ("Which symptom of scurvy affects the gums?", "bleeding gums"),
            ("What happens to old wounds in a patient with scurvy?", "reopening"),
            ("When did James Lind carry out his scurvy trial?", "1747"),
            ("What was James Lind's profession?", "naval surgeon"),
            ("Aboard which ship did Lind conduct his trial?", "HMS Salisbury"),
            ("How many sick sailors took part in Lind's trial?", "twelve"),
            ("Into how many groups did Lind divide the sick sailors?", "six pairs"),
            (
                "Which citrus ration did one pair in Lind's trial receive every day?",
                "two oranges and a lemon",
            ),
            ("How soon was one of Lind's citrus-treated sailors fit for duty?", "within six days"),
            ("When did Lind publish his treatise on scurvy?", "1753"),
            (
                "What was the title of Lind's published work on the disease?",
                "Treatise of the Scurvy",
            ),
            ("When did the Royal Navy begin issuing lemon juice to all sailors?", "1795"),
            ("Which fruit later replaced lemons in Royal Navy rations?", "West Indian limes"),
            ("Why did the Royal Navy switch fruit?", "cheaper"),
            ("What nickname did British sailors earn?", "limeys"),
            ("On what kind of expeditions did scurvy later return?", "polar expeditions"),
            ("Which rodent, like humans, cannot make its own vitamin C?", "guinea pigs"),
            ("Why are humans unable to make vitamin C?", "a broken gene"),
            ("Who isolated vitamin C?", "Albert Szent-Györgyi"),
            ("From which food did Szent-Györgyi first obtain the vitamin in quantity?", "paprika"),
            ("In what year did Szent-Györgyi win the Nobel Prize?", "1937"),
            ("What nationality was James Lind?", "Scottish"),
            ("Which fermented apple drink was one of Lind's remedies?", "cider"),
            ("Which salty remedy did one of Lind's pairs receive?", "seawater"),
        ],
    },
    {
        "doc_id": "doc-029",
        "title": "The Coming of Sound Film",
        "topic": "film",
        "chunks": [
            "For the first three decades of cinema, films were silent, accompanied in theatres by live "
            "pianists, organists or even full orchestras. The breakthrough came from Warner Bros., which "
            "invested in the Vitaphone system, recording sound on large discs synchronised with the "
            "projector. Its 1927 feature The Jazz Singer, starring Al Jolson, is remembered as the first "
            "feature-length film with synchronised dialogue, although most of it was still silent with a "
            "recorded score. Jolson's ad-libbed line 'You ain't heard nothin' yet!' thrilled audiences. "
            "Within two years most Hollywood studios had switched to sound, and the disc method soon gave "
            "way to sound-on-film, in which the audio is printed as an optical track beside the images. "
            "The transition was brutal for some careers: actors with strong accents or unsuited voices "
            "lost work, and cameras had to be enclosed in soundproof booths because microphones picked "
            "up their noise, which briefly made films more static. The Academy Awards, first presented "
            "in 1929, gave the Best Picture prize that year to Wings, a silent war film. Charlie Chaplin "
            "resisted dialogue for years, releasing City Lights in 1931 and Modern Times in 1936 with "
            "music and effects but almost no spoken lines. The 1952 musical Singin' in the Rain later "
            "turned the chaotic era into comedy.",
        ],
        "facts": [
            (
                "Who accompanied silent films in theatres?",
                "live pianists, organists or even full orchestras",
            ),
            ("Which studio invested in the Vitaphone system?", "Warner Bros."),
            ("On what medium did the Vitaphone system record sound?", "on large discs"),
            ("When was The Jazz Singer released?", "1927"),
            ("Who starred in The Jazz Singer?", "Al Jolson"),
            (
                "What is The Jazz Singer remembered as?",
                "the first feature-length film with synchronised dialogue",
            ),
            (
                "Was The Jazz Singer a talking picture from start to finish?",
                "most of it was still silent",
            ),
            (
                "What line did Jolson ad-lib that thrilled audiences?",
                "You ain't heard nothin' yet!",
            ),
            ("How quickly did most Hollywood studios convert to sound?", "Within two years"),
            ("What method replaced sound recorded on discs?", "sound-on-film"),
            (
                "How is audio stored in the sound-on-film method?",
                "as an optical track beside the images",
            ),
            (
                "Which actors lost work in the move to talking pictures?",
                "actors with strong accents or unsuited voices",
            ),
            (
                "Why did early sound cameras have to be enclosed?",
                "microphones picked up their noise",
            ),
            ("In what were cameras enclosed during early sound filming?", "soundproof booths"),
            ("When were the Academy Awards first presented?", "1929"),
            ("Which film won the first Best Picture award?", "Wings"),
            ("What kind of film was Wings?", "a silent war film"),
            ("Which filmmaker resisted spoken dialogue for years?", "Charlie Chaplin"),
            ("When did Chaplin release City Lights?", "1931"),
            ("Which Chaplin film of 1936 had almost no spoken lines?", "Modern Times"),
            (
                "Which 1952 musical turned the transition to sound into comedy?",
                "Singin' in the Rain",
            ),
            ("For how long was cinema silent before the talkies?", "the first three decades"),
            ("What effect did enclosed cameras briefly have on early talkies?", "more static"),
        ],
    },
    {
        "doc_id": "doc-030",
        "title": "The Honeybee Waggle Dance",
        "topic": "zoology",
        "chunks": [
            "Honeybee foragers that find a good source of nectar return to the hive and perform a waggle "
            "dance on the vertical surface of the comb to tell their sisters where it is. The dance "
            "traces a figure-eight pattern with a straight central run in which the bee waggles her "
            "abdomen from side to side. The angle of this run relative to vertical matches the angle "
            "between the food and the sun's direction, and the duration of the waggle indicates "
            "distance: roughly one second of waggling corresponds to about a kilometre of flight. For "
            "flowers closer than about 50 metres, bees perform a simpler round dance that signals only "
            "that food is nearby. The Austrian zoologist Karl von Frisch decoded the dance through "
            "decades of experiments with marked bees and sugar-water feeders, and shared the 1973 Nobel "
            "Prize in Physiology or Medicine with Konrad Lorenz and Nikolaas Tinbergen. Bees adjust their "
            "directions for the sun's movement across the sky even when they stay inside the dark hive "
            "for hours. A strong forager may repeat her dance dozens of times, and the vigour of the "
            "performance reflects how rich the source is. Scout bees use a similar dance in spring to "
            "choose a new nest site when a colony swarms.",
        ],
        "facts": [
            (
                "On what surface do honeybees perform the waggle dance?",
                "the vertical surface of the comb",
            ),
            ("What pattern does the waggle dance trace?", "a figure-eight pattern"),
            ("Which part of her body does the dancing bee waggle?", "her abdomen"),
            (
                "What does the angle of the waggle run encode?",
                "the angle between the food and the sun's direction",
            ),
            ("What information does the duration of the waggle convey?", "distance"),
            ("How much flight does one second of waggling correspond to?", "about a kilometre"),
            ("Which dance do bees use for flowers very close to the hive?", "round dance"),
            ("Below what distance do bees switch to the simpler dance?", "about 50 metres"),
            ("Who decoded the honeybee waggle dance?", "Karl von Frisch"),
            ("What nationality was Karl von Frisch?", "Austrian"),
            ("In what year did von Frisch share the Nobel Prize?", "1973"),
            (
                "Which Dutch-born scientist shared the Nobel Prize with von Frisch and Lorenz?",
                "Nikolaas Tinbergen",
            ),
            ("What feeders did von Frisch use in his bee experiments?", "sugar-water feeders"),
            (
                "What do bees correct their directions for while inside the hive?",
                "the sun's movement across the sky",
            ),
            ("How many times may a strong forager repeat her dance?", "dozens of times"),
            ("What does the vigour of a forager's dance reflect?", "how rich the source is"),
            ("In which season do scout bees dance to pick a nest site?", "in spring"),
            ("What do scout bees choose with their dance when a colony swarms?", "a new nest site"),
            ("Which bees perform the dance to report a nectar source?", "Honeybee foragers"),
            ("What does the round dance signal?", "only that food is nearby"),
            ("What kind of run lies at the centre of the figure-eight?", "a straight central run"),
        ],
    },
    {
        "doc_id": "doc-031",
        "title": "Tropical Cyclones",
        "topic": "meteorology",
        "chunks": [
            "Tropical cyclones are rotating storm systems that form over warm ocean water, usually at "
            "least 26.5 degrees Celsius, and draw their energy from the heat released when water vapour "
            "condenses. They are called hurricanes in the North Atlantic and northeastern Pacific, "
            "typhoons in the northwestern Pacific and simply cyclones in the Indian Ocean and South "
            "Pacific. Because of the Coriolis effect they spin counterclockwise in the Northern "
            "Hemisphere and clockwise in the Southern Hemisphere, and they almost never form within about "
            "5 degrees of the equator. At the centre lies a calm, often cloudless eye surrounded by the "
            "eyewall, where the strongest winds and heaviest rain occur.",
            "Atlantic hurricanes are rated on the Saffir-Simpson scale, developed in the early 1970s by "
            "the engineer Herbert Saffir and the meteorologist Robert Simpson. It runs from Category 1, "
            "with sustained winds of at least 119 kilometres per hour, to Category 5, with winds of 252 "
            "kilometres per hour or more. The scale measures only wind, so it does not capture the danger "
            "of storm surge or rainfall. Atlantic storms have been given names from official lists since "
            "1953, the lists are now maintained by the World Meteorological Organization, and the names "
            "of especially destructive storms such as Katrina are retired. The Atlantic hurricane season "
            "officially runs from 1 June to 30 November.",
        ],
        "facts": [
            ("Over what kind of water do tropical cyclones form?", "warm ocean water"),
            ("What sea temperature do tropical cyclones usually need?", "26.5 degrees Celsius"),
            (
                "From what do tropical cyclones draw their energy?",
                "the heat released when water vapour condenses",
            ),
            ("What are tropical cyclones called in the northwestern Pacific?", "typhoons"),
            (
                "In which regions are tropical cyclones called hurricanes?",
                "the North Atlantic and northeastern Pacific",
            ),
            (
                "What name is used for tropical storms in the Indian Ocean and South Pacific?",
                "simply cyclones",
            ),
            (
                "What makes tropical cyclones spin in opposite directions in each hemisphere?",
                "the Coriolis effect",
            ),
            (
                "Which way do tropical cyclones rotate in the Northern Hemisphere?",
                "counterclockwise",
            ),
            ("How close to the equator do tropical cyclones almost never form?", "about 5 degrees"),
            ("What lies at the centre of a tropical cyclone?", "a calm, often cloudless eye"),
            ("Where are a hurricane's strongest winds and heaviest rain found?", "the eyewall"),
            ("On what scale are Atlantic hurricanes rated?", "the Saffir-Simpson scale"),
            ("When was the hurricane wind scale developed?", "the early 1970s"),
            ("Which engineer helped develop the hurricane scale?", "Herbert Saffir"),
            ("Which meteorologist co-developed the hurricane wind scale?", "Robert Simpson"),
            (
                "What sustained wind speed marks a Category 1 hurricane?",
                "at least 119 kilometres per hour",
            ),
            ("What wind speed defines a Category 5 hurricane?", "252 kilometres per hour or more"),
            (
                "Which dangers does the hurricane category scale fail to capture?",
                "storm surge or rainfall",
            ),
            ("Since what year have Atlantic storms been named from official lists?", "1953"),
            (
                "Which organisation now maintains the storm name lists?",
                "the World Meteorological Organization",
            ),
            ("What happens to the names of especially destructive storms?", "retired"),
            ("Which destructive storm is given as an example of a retired name?", "Katrina"),
            ("On what date does the Atlantic hurricane season officially begin?", "1 June"),
            ("What is the closing date of the official Atlantic storm season?", "30 November"),
            ("What is the only thing the Saffir-Simpson scale measures?", "only wind"),
        ],
    },
    {
        "doc_id": "doc-032",
        "title": "Stoicism",
        "topic": "philosophy",
        "chunks": [
            "Stoicism was founded in Athens around 300 BC by Zeno of Citium, a merchant who turned to "
            "philosophy after losing his cargo in a shipwreck. He taught in the Stoa Poikile, the painted "
            "porch overlooking the Agora, and the school took its name from that colonnade. Stoics held "
            "that virtue is the only true good and that external things such as wealth, health and "
            "reputation are indifferent. The key to a good life, they argued, is to distinguish between "
            "what is within our control, namely our judgements and choices, and what is not. Emotions "
            "such as fear and anger were seen as the result of mistaken judgements that could be "
            "corrected through reason. After Zeno the school was led by Cleanthes and then Chrysippus, "
            "whose many writings made Stoicism the dominant philosophy of the Hellenistic world. In Rome "
            "its best-known voices were Seneca, an adviser to the emperor Nero; Epictetus, a former slave "
            "whose teachings were recorded by his student Arrian; and the emperor Marcus Aurelius, who "
            "wrote the private notebook now called Meditations while on military campaigns. Modern "
            "cognitive behavioural therapy openly acknowledges a debt to Stoic ideas, and interest in the "
            "philosophy has grown sharply in the twenty-first century.",
        ],
        "facts": [
            ("Who founded the Stoic school of philosophy?", "Zeno of Citium"),
            ("Which Roman emperor wrote the Meditations?", "Marcus Aurelius"),
            ("Which student recorded the teachings of Epictetus?", "Arrian"),
        ],
    },
    {
        "doc_id": "doc-033",
        "title": "Relational Databases and SQL",
        "topic": "software",
        "chunks": [
            "The relational model of data was introduced by the IBM researcher Edgar F. Codd in a 1970 "
            "paper titled A Relational Model of Data for Large Shared Data Banks. Codd proposed storing "
            "data in tables, which he called relations, made up of rows and columns, and manipulating "
            "them with operations drawn from set theory and predicate logic. Each row is identified by a "
            "primary key, and a foreign key in one table refers to the primary key of another, linking "
            "related records without duplicating data. IBM was at first reluctant to adopt the idea "
            "because it threatened its profitable hierarchical database IMS.",
            "Researchers at IBM's San Jose laboratory built an experimental system called System R in the "
            "mid-1970s and designed a query language for it called SEQUEL, later renamed SQL because of a "
            "trademark conflict. Oracle, then called Relational Software, released the first commercial "
            "SQL database in 1979. SQL became an ANSI standard in 1986. A join combines rows from two "
            "tables based on a related column: an inner join returns only matching rows, while a left "
            "outer join keeps every row from the first table and fills missing values with NULL. Codd "
            "received the Turing Award in 1981 for his work.",
        ],
        "facts": [
            ("Who introduced the relational model of data?", "Edgar F. Codd"),
            ("Which company employed Edgar Codd when he proposed the relational model?", "IBM", 0),
            ("In what year did Codd publish his relational model paper?", "1970", 0),
            (
                "What was the title of Codd's landmark paper?",
                "A Relational Model of Data for Large Shared Data Banks",
            ),
            ("What did Codd call database tables?", "relations"),
            (
                "From which fields of mathematics were relational operations drawn?",
                "set theory and predicate logic",
            ),
            ("What identifies each row in a relational table?", "a primary key"),
            ("What refers to the primary key of another table?", "a foreign key"),
            ("What do foreign keys let a database avoid?", "duplicating data"),
            (
                "Why was IBM reluctant to adopt the relational model at first?",
                "it threatened its profitable hierarchical database",
            ),
            ("What was IBM's hierarchical database product called?", "IMS"),
            ("At which IBM laboratory was System R developed?", "San Jose"),
            ("When was System R built?", "the mid-1970s"),
            ("What was the original name of SQL?", "SEQUEL"),
            ("Why was the query language SEQUEL renamed?", "a trademark conflict"),
            ("What was Oracle originally called?", "Relational Software"),
            ("When was the first commercial SQL database released?", "1979"),
            ("When did SQL become an ANSI standard?", "1986"),
            ("What does a SQL join combine?", "rows from two tables"),
            ("What does an inner join return?", "only matching rows"),
            ("Which join keeps every row from the first table?", "a left outer join"),
            ("What value fills the gaps left by an outer join?", "NULL"),
            ("Which award did Codd receive for his database work?", "the Turing Award"),
            ("In what year was Codd honoured with computing's top prize?", "1981"),
            ("What was IBM's experimental relational system called?", "System R"),
        ],
    },
    {
        "doc_id": "doc-034",
        "title": "The TCP Handshake",
        "topic": "networking",
        "chunks": [
            "The Transmission Control Protocol, or TCP, provides reliable, ordered delivery of data "
            "between programs over an IP network. It was designed by Vint Cerf and Bob Kahn, who "
            "described it in a 1974 paper, and it became the standard protocol of the ARPANET on 1 "
            "January 1983, a date often called the birthday of the internet. Before any data flows, TCP "
            "sets up a connection with a three-way handshake. The client sends a segment with the SYN "
            "flag set and a random initial sequence number; the server replies with a segment carrying "
            "both SYN and ACK flags; and the client confirms with a final ACK. Random starting sequence "
            "numbers make it harder for attackers to inject forged segments. Once connected, every byte "
            "is numbered, and the receiver acknowledges what it has received, so lost segments can be "
            "detected and retransmitted. Flow control uses a sliding window advertised by the receiver, "
            "while congestion control algorithms such as slow start limit how fast a sender ramps up. A "
            "connection is usually closed with a four-step exchange of FIN and ACK segments. Well-known "
            "TCP ports include 80 for HTTP, 443 for HTTPS and 22 for SSH. Applications that prefer speed "
            "over reliability, such as many online games, often use the simpler UDP instead.",
        ],
        "facts": [
            ("What kind of data delivery does TCP provide?", "reliable, ordered delivery"),
            ("Who designed the Transmission Control Protocol?", "Vint Cerf and Bob Kahn"),
            ("In what year did Cerf and Kahn describe TCP in a paper?", "1974"),
            ("When did TCP become the ARPANET's standard protocol?", "1 January 1983"),
            ("What is the ARPANET switchover date often called?", "the birthday of the internet"),
            ("How does TCP set up a connection before data flows?", "a three-way handshake"),
            ("Which flag does a TCP client set in its opening segment?", "the SYN flag"),
            ("Which flags does the server's TCP handshake reply carry?", "both SYN and ACK flags"),
            ("How does the client complete the TCP handshake?", "a final ACK"),
            (
                "Why are random starting sequence numbers used?",
                "harder for attackers to inject forged segments",
            ),
            ("What is numbered once a TCP connection is established?", "every byte"),
            ("What happens to lost TCP segments?", "detected and retransmitted"),
            ("What mechanism does TCP use for flow control?", "a sliding window"),
            ("Which congestion control algorithm limits how fast a sender ramps up?", "slow start"),
            ("Which segments are exchanged to close a TCP connection?", "FIN and ACK segments"),
            ("Which well-known port is used by HTTP?", "80"),
            ("What port number is assigned to HTTPS?", "443"),
            ("Which service listens on TCP port 22?", "SSH"),
            ("Which simpler protocol do speed-focused applications use instead of TCP?", "UDP"),
            ("What kind of applications often prefer UDP?", "many online games"),
            ("Who advertises the sliding window in TCP flow control?", "the receiver"),
            ("What does the abbreviation TCP stand for?", "Transmission Control Protocol"),
        ],
    },
    {
        "doc_id": "doc-035",
        "title": "Forming a Contract",
        "topic": "law",
        "chunks": [
            "In common law systems, a contract is a legally enforceable agreement, and it generally "
            "requires an offer, an acceptance, consideration and an intention to create legal relations. "
            "An offer is a definite promise to be bound on particular terms, which is different from an "
            "invitation to treat, such as goods displayed in a shop window or prices in an advertisement. "
            "The English case Carlill v Carbolic Smoke Ball Company in 1893 held that an advertisement "
            "promising 100 pounds to anyone who caught influenza after using the smoke ball was a genuine "
            "offer, because the company had deposited 1,000 pounds in a bank to show its sincerity. "
            "Acceptance must mirror the offer exactly; a reply that changes the terms is a counter-offer "
            "that destroys the original. Under the postal rule, an acceptance sent by post takes effect "
            "when the letter is posted, not when it arrives. Consideration means that each side gives "
            "something of value, although it need not be adequate: a peppercorn can be enough. "
            "Agreements between family members are presumed not to be intended as binding, while "
            "commercial agreements are presumed to be. Some contracts, such as sales of land, must also "
            "be in writing. A contract made by a minor is usually voidable, meaning the minor can choose "
            "to cancel it.",
        ],
        "facts": [
            ("How is a contract defined in common law systems?", "a legally enforceable agreement"),
            (
                "What is an offer in contract law?",
                "a definite promise to be bound on particular terms",
            ),
            (
                "What are goods displayed in a shop window considered in contract law?",
                "an invitation to treat",
            ),
            (
                "Which English case involved a smoke ball advertisement?",
                "Carlill v Carbolic Smoke Ball Company",
            ),
            ("How much money did the smoke ball advertisement promise?", "100 pounds"),
            ("Which illness did the smoke ball supposedly prevent?", "influenza"),
            ("How much had the smoke ball company deposited in a bank?", "1,000 pounds"),
            ("What must an acceptance do in relation to the offer?", "mirror the offer exactly"),
            ("What is a reply that changes the terms of an offer called?", "a counter-offer"),
            ("What does a counter-offer do to the original offer?", "destroys the original"),
            (
                "Under the postal rule, when does a posted acceptance take effect?",
                "when the letter is posted",
            ),
            ("What does consideration mean in contract law?", "each side gives something of value"),
            ("Does consideration have to be adequate?", "need not be adequate"),
            ("What small item is cited as sufficient consideration?", "a peppercorn"),
            (
                "How are agreements between family members presumed to be intended?",
                "presumed not to be intended as binding",
            ),
            ("Which agreements are presumed to be binding?", "commercial agreements"),
            ("Which contracts must also be in writing?", "sales of land"),
            ("What is the usual legal status of a contract made by a minor?", "voidable"),
            ("What may a minor do with a voidable contract?", "choose to cancel it"),
            (
                "Besides shop displays, what else is an invitation to treat?",
                "prices in an advertisement",
            ),
            ("In what year was the Carlill case decided?", "1893"),
            (
                "What intention must the parties have for an agreement to be a contract?",
                "an intention to create legal relations",
            ),
        ],
    },
    {
        "doc_id": "doc-036",
        "title": "Tulip Mania",
        "topic": "finance",
        "chunks": [
            "Tulip mania was a period in the Dutch Golden Age when prices for fashionable tulip bulbs "
            "climbed to extraordinary levels before collapsing abruptly in February 1637. Tulips had "
            "arrived in Europe from the Ottoman Empire in the sixteenth century, and the botanist Carolus "
            "Clusius planted a famous collection at the Leiden university garden in 1593. The most prized "
            "bulbs produced flowers with flamed or feathered stripes, an effect later found to be caused "
            "by a virus, which made them rare and unpredictable. The most celebrated variety, Semper "
            "Augustus, reportedly sold for several thousand guilders, more than the price of a fine house "
            "in Amsterdam. Much of the trade took place in taverns through informal futures contracts, "
            "since the bulbs stayed in the ground for most of the year. When buyers in Haarlem failed to "
            "show up at a routine auction, confidence evaporated, and prices fell by more than 90 percent "
            "within weeks. Popular accounts, especially Charles Mackay's 1841 book Extraordinary Popular "
            "Delusions and the Madness of Crowds, described widespread ruin, but modern historians such "
            "as Anne Goldgar have found little evidence of economic devastation. Tulip mania is "
            "nevertheless still cited as the classic example of a speculative bubble.",
        ],
        "facts": [
            ("When did the Dutch tulip bulb market collapse?", "February 1637"),
            ("Which tulip variety was the most celebrated during the mania?", "Semper Augustus"),
            ("In which city did buyers fail to show up at a routine bulb auction?", "Haarlem"),
        ],
    },
]
