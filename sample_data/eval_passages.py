"""Hand-written held-out passages doc-101 to doc-108 for eval.jsonl (never used in pairs/ except
where pairs are deliberately contaminated with eval items)."""

from __future__ import annotations

EVAL_PASSAGES: list[dict] = [
    {
        "doc_id": "doc-101",
        "title": "The Great Barrier Reef",
        "topic": "ecology",
        "chunks": [
            "The Great Barrier Reef, off the coast of Queensland in northeastern Australia, is the world's "
            "largest coral reef system, stretching more than 2,300 kilometres and made up of about 2,900 "
            "individual reefs and 900 islands. It is built by billions of tiny animals called coral polyps, "
            "which live in partnership with photosynthetic algae known as zooxanthellae that give corals "
            "much of their colour and food. The reef supports around 1,500 species of fish and is an "
            "important habitat for dugongs and green turtles. It was declared a World Heritage Site in 1981, "
            "and most of it is protected within the Great Barrier Reef Marine Park, established in 1975. "
            "Rising sea temperatures cause corals to expel their algae and turn white, a process called "
            "bleaching; mass bleaching events struck the reef in 1998, 2002, 2016 and 2017. Another threat "
            "is the crown-of-thorns starfish, which eats coral polyps and undergoes periodic population "
            "outbreaks. The British navigator James Cook ran his ship Endeavour aground on the reef in June "
            "1770 and had to spend weeks repairing it on the mainland. Tourism connected to the reef "
            "contributes billions of dollars a year to the Australian economy.",
        ],
        "facts": [
            ("Off which Australian state does the Great Barrier Reef lie?", "Queensland"),
            ("How long is the Great Barrier Reef?", "more than 2,300 kilometres"),
            ("How many individual reefs make up the Great Barrier Reef?", "about 2,900"),
            ("What are the tiny animals that build coral reefs called?", "coral polyps"),
            ("What are the photosynthetic algae living inside corals called?", "zooxanthellae"),
            ("How many fish species does the Great Barrier Reef support?", "around 1,500"),
            ("When was the Great Barrier Reef declared a World Heritage Site?", "1981"),
            (
                "What is the process in which stressed corals expel their algae and turn white?",
                "bleaching",
            ),
            (
                "Which starfish eats coral polyps on the Great Barrier Reef?",
                "the crown-of-thorns starfish",
            ),
            ("Which ship did James Cook run aground on the reef in 1770?", "Endeavour"),
        ],
    },
    {
        "doc_id": "doc-102",
        "title": "Gutenberg's Printing Press",
        "topic": "technology",
        "chunks": [
            "Johannes Gutenberg, a goldsmith from Mainz, developed a printing system with movable metal "
            "type in the 1440s. His key innovations included a hand mould for casting large numbers of "
            "identical letters from an alloy of lead, tin and antimony, an oil-based ink that stuck to "
            "metal, and a press adapted from the screw presses used to make wine. His most famous product, "
            "the Gutenberg Bible, was completed around 1455 in Latin, with 42 lines per page in most of the "
            "volume. About 180 copies were printed, some on vellum and most on paper, and 49 are known to "
            "survive, at least partially. Gutenberg borrowed heavily to fund the work, and in 1455 his "
            "financier Johann Fust sued him and took over much of the equipment. Printing spread quickly: "
            "by 1500 presses operated in more than 250 European cities and had produced millions of books, "
            "known today as incunabula. The technology made books far cheaper, supported the spread of the "
            "Protestant Reformation after 1517 and helped standardise languages. Gutenberg died in 1468 in "
            "Mainz, and in 1999 the A&E network named him the most important person of the second "
            "millennium.",
        ],
        "facts": [
            ("What was Johannes Gutenberg's original trade?", "a goldsmith"),
            ("In which city did Gutenberg live and work?", "Mainz"),
            ("In which decade did Gutenberg develop printing with movable type?", "the 1440s"),
            ("Which three metals made up Gutenberg's type alloy?", "lead, tin and antimony"),
            ("What kind of ink did Gutenberg develop?", "an oil-based ink"),
            (
                "From which machines was Gutenberg's press adapted?",
                "screw presses used to make wine",
            ),
            ("How many lines per page did most of the Gutenberg Bible have?", "42 lines"),
            ("How many copies of the Gutenberg Bible are known to survive?", "49"),
            ("Which financier sued Gutenberg in 1455?", "Johann Fust"),
            ("What are books printed in Europe before 1500 called today?", "incunabula"),
        ],
    },
    {
        "doc_id": "doc-103",
        "title": "The Eruption of Krakatoa",
        "topic": "geology",
        "chunks": [
            "The eruption of Krakatoa, a volcanic island in the Sunda Strait between Java and Sumatra, "
            "reached its climax on 27 August 1883 with a series of colossal explosions. The loudest was "
            "heard about 4,800 kilometres away on the island of Rodrigues near Mauritius, and it is often "
            "called the loudest sound in recorded history. Pressure waves from the blast circled the globe "
            "several times and were recorded on barometers around the world. The eruption and the tsunamis "
            "it triggered, some more than 30 metres high, killed at least 36,000 people, most of them in "
            "coastal towns on Java and Sumatra. About two thirds of the island collapsed into an undersea "
            "caldera. Ash and sulphur thrown into the stratosphere lowered average global temperatures by "
            "around 0.4 degrees Celsius the following year and produced vivid red sunsets in Europe and "
            "North America; some art historians believe these skies inspired the background of Edvard "
            "Munch's The Scream. In 1927 a new volcano, Anak Krakatau, meaning child of Krakatoa, emerged "
            "from the caldera, and a collapse of its flank in December 2018 caused another deadly tsunami.",
        ],
        "facts": [
            ("In which strait does the volcanic island of Krakatoa lie?", "the Sunda Strait"),
            ("On what date did the Krakatoa eruption reach its climax?", "27 August 1883"),
            ("On which distant island was the Krakatoa explosion heard?", "Rodrigues"),
            (
                "What did the pressure waves from the Krakatoa blast do?",
                "circled the globe several times",
            ),
            ("How high were some of the Krakatoa tsunamis?", "more than 30 metres"),
            ("How many people did the Krakatoa eruption kill?", "at least 36,000 people"),
            ("How much of Krakatoa collapsed into the caldera?", "About two thirds"),
            (
                "By how much did the Krakatoa eruption lower global temperatures?",
                "around 0.4 degrees Celsius",
            ),
            (
                "Which painting may have been inspired by the red skies after Krakatoa?",
                "The Scream",
            ),
            (
                "What is the volcano that emerged from the Krakatoa caldera in 1927 called?",
                "Anak Krakatau",
            ),
        ],
    },
    {
        "doc_id": "doc-104",
        "title": "The Discovery of Penicillin",
        "topic": "medicine",
        "chunks": [
            "In September 1928 the Scottish bacteriologist Alexander Fleming returned from holiday to his "
            "laboratory at St Mary's Hospital in London and noticed that a mould had contaminated one of "
            "his dishes of Staphylococcus bacteria. Around the mould the bacteria had been killed. He "
            "identified the mould as a Penicillium species and named the active substance penicillin, but "
            "he struggled to purify it and his 1929 paper attracted little attention. A decade later at the "
            "University of Oxford, Howard Florey and Ernst Chain led a team that extracted and purified "
            "penicillin, with the biochemist Norman Heatley devising much of the apparatus, sometimes using "
            "bedpans and milk churns. In 1941 the police constable Albert Alexander became the first "
            "patient treated, but supplies ran out and he died. Because wartime Britain lacked "
            "manufacturing capacity, production moved to the United States, where a strain found on a "
            "mouldy cantaloupe in a market in Peoria, Illinois, yielded far more of the drug. By D-Day in "
            "June 1944, enough penicillin was available to treat Allied casualties. Fleming, Florey and "
            "Chain shared the 1945 Nobel Prize in Physiology or Medicine. Fleming warned in his Nobel "
            "lecture that misuse could make bacteria resistant.",
        ],
        "facts": [
            ("When did Alexander Fleming notice the mould in his laboratory?", "September 1928"),
            ("At which London hospital did Fleming work?", "St Mary's Hospital"),
            ("Which bacteria were growing in Fleming's contaminated dish?", "Staphylococcus"),
            ("In which year did Fleming publish his paper on penicillin?", "1929"),
            (
                "Which two scientists led the Oxford team that purified penicillin?",
                "Howard Florey and Ernst Chain",
            ),
            ("Which biochemist devised much of the Oxford penicillin apparatus?", "Norman Heatley"),
            ("Who was the first patient treated with penicillin?", "Albert Alexander"),
            ("On what fruit was the high-yielding penicillin strain found?", "a mouldy cantaloupe"),
            ("In which town was the high-yielding penicillin mould found?", "Peoria, Illinois"),
            ("In what year did Fleming, Florey and Chain share the Nobel Prize?", "1945"),
        ],
    },
    {
        "doc_id": "doc-105",
        "title": "The Eiffel Tower",
        "topic": "architecture",
        "chunks": [
            "The Eiffel Tower was built as the entrance arch to the 1889 Exposition Universelle in Paris, "
            "held to mark the centenary of the French Revolution. It was designed by the engineers Maurice "
            "Koechlin and Émile Nouguier of Gustave Eiffel's company, with the architect Stephen Sauvestre "
            "refining its appearance. Construction took just over two years, from January 1887 to March "
            "1889, and used about 18,000 wrought-iron parts joined by some 2.5 million rivets. At 300 "
            "metres it was the tallest man-made structure in the world until the Chrysler Building in New "
            "York surpassed it in 1930. Many prominent artists, including the writer Guy de Maupassant, "
            "signed a petition against the tower, calling it useless and monstrous. It was meant to stand "
            "for only 20 years, but it was saved because its height made it valuable for radio transmission "
            "experiments. The tower is repainted roughly every seven years with about 60 tonnes of paint, "
            "and its colour, a shade called Eiffel Tower Brown, is slightly darker at the base. Thermal "
            "expansion can make the top move by up to 15 centimetres on hot days. Today it receives around "
            "six to seven million visitors a year.",
        ],
        "facts": [
            ("For which event was the Eiffel Tower built?", "the 1889 Exposition Universelle"),
            (
                "What anniversary did the 1889 Paris exhibition mark?",
                "the centenary of the French Revolution",
            ),
            (
                "Which two engineers designed the Eiffel Tower?",
                "Maurice Koechlin and Émile Nouguier",
            ),
            ("Which architect refined the Eiffel Tower's appearance?", "Stephen Sauvestre"),
            ("How many rivets hold the Eiffel Tower together?", "2.5 million rivets"),
            (
                "Which building surpassed the Eiffel Tower in height in 1930?",
                "the Chrysler Building",
            ),
            ("Which writer signed the petition against the Eiffel Tower?", "Guy de Maupassant"),
            ("For how long was the Eiffel Tower originally meant to stand?", "20 years"),
            (
                "Why was the Eiffel Tower saved from demolition?",
                "valuable for radio transmission experiments",
            ),
            ("How often is the Eiffel Tower repainted?", "roughly every seven years"),
        ],
    },
    {
        "doc_id": "doc-106",
        "title": "The Spread of Coffee",
        "topic": "food history",
        "chunks": [
            "According to a popular legend, coffee was discovered in the Ethiopian highlands by a goatherd "
            "named Kaldi, who noticed his goats becoming energetic after eating red berries from a certain "
            "shrub. The earliest reliable evidence of coffee drinking, however, comes from Sufi monasteries "
            "in Yemen in the fifteenth century, where monks used it to stay awake during night-time prayers. "
            "The port of Mocha on the Red Sea became the centre of the coffee trade, and its name is still "
            "used for coffee today. Coffee houses spread to Mecca, Cairo and Istanbul, where they became "
            "places for conversation, music and chess, and were occasionally banned by rulers who feared "
            "political gossip. The first coffee house in England opened in Oxford in 1650, and London's "
            "coffee houses later gave birth to institutions such as Lloyd's of London. The Dutch smuggled "
            "coffee plants out of Arabia and began cultivating them in Java in the 1690s, and a single plant "
            "given to Louis XIV of France became the ancestor of much of the coffee grown in the Americas. "
            "Brazil has been the world's largest producer since the 1840s. The two main species grown "
            "commercially are arabica, prized for its flavour, and robusta, which is hardier and contains "
            "more caffeine.",
        ],
        "facts": [
            ("According to legend, which goatherd discovered coffee?", "Kaldi"),
            (
                "Where does the earliest reliable evidence of coffee drinking come from?",
                "Sufi monasteries in Yemen",
            ),
            ("Why did Sufi monks drink coffee?", "to stay awake during night-time prayers"),
            ("Which Red Sea port became the centre of the coffee trade?", "Mocha"),
            ("Why did some rulers ban coffee houses?", "feared political gossip"),
            ("In which city did England's first coffee house open?", "Oxford"),
            ("In what year did England's first coffee house open?", "1650"),
            ("Which institution grew out of London's coffee houses?", "Lloyd's of London"),
            ("Where did the Dutch begin cultivating coffee in the 1690s?", "Java"),
            ("Which commercial coffee species contains more caffeine?", "robusta"),
        ],
    },
    {
        "doc_id": "doc-107",
        "title": "The Hubble Space Telescope",
        "topic": "astronomy",
        "chunks": [
            "The Hubble Space Telescope was launched on 24 April 1990 aboard the space shuttle Discovery "
            "and placed in an orbit about 540 kilometres above the Earth. Named after the astronomer Edwin "
            "Hubble, who showed that the universe is expanding, it carries a main mirror 2.4 metres across. "
            "Soon after launch, astronomers discovered that the mirror had been ground to the wrong shape by "
            "about 2.2 micrometres, a flaw called spherical aberration that blurred its images. In December "
            "1993 astronauts on the first servicing mission installed corrective optics known as COSTAR, and "
            "the telescope's vision was restored. Five shuttle servicing missions in all upgraded its "
            "instruments, the last in 2009. Hubble's observations helped pin down the age of the universe at "
            "about 13.8 billion years and provided evidence that the expansion of the universe is "
            "accelerating, a discovery recognised with the 2011 Nobel Prize in Physics. Its Hubble Deep "
            "Field image of 1995, taken by staring at an apparently empty patch of sky for ten days, "
            "revealed about 3,000 galaxies. The telescope is a joint project of NASA and the European Space "
            "Agency, and its successor, the James Webb Space Telescope, was launched in December 2021.",
        ],
        "facts": [
            ("When was the Hubble Space Telescope launched?", "24 April 1990"),
            ("Which space shuttle carried Hubble into orbit?", "Discovery"),
            ("How wide is Hubble's main mirror?", "2.4 metres"),
            ("By how much was Hubble's mirror ground to the wrong shape?", "about 2.2 micrometres"),
            (
                "What was the flaw that blurred Hubble's early images called?",
                "spherical aberration",
            ),
            ("What were the corrective optics installed on Hubble in 1993 called?", "COSTAR"),
            ("How many shuttle servicing missions upgraded Hubble?", "Five"),
            ("What age of the universe did Hubble help pin down?", "about 13.8 billion years"),
            ("How many galaxies did the Hubble Deep Field image reveal?", "about 3,000 galaxies"),
            (
                "When was Hubble's successor, the James Webb Space Telescope, launched?",
                "December 2021",
            ),
        ],
    },
    {
        "doc_id": "doc-108",
        "title": "Magna Carta",
        "topic": "law",
        "chunks": [
            "Magna Carta, Latin for Great Charter, was sealed by King John of England on 15 June 1215 at "
            "Runnymede, a meadow beside the River Thames, under pressure from a group of rebel barons. "
            "John's expensive and unsuccessful wars in France, and the heavy taxes he raised to pay for "
            "them, had turned many nobles against him. The charter promised protection of church rights, "
            "swift justice and limits on feudal payments to the Crown. Its most famous clause, number 39, "
            "declared that no free man could be imprisoned or stripped of his rights except by the lawful "
            "judgement of his peers or the law of the land. Within weeks Pope Innocent III annulled the "
            "charter, calling it shameful, and the First Barons' War followed. After John's death in 1216, "
            "the charter was reissued in revised form in the name of his young son Henry III, and the 1225 "
            "version became part of English law. Only four original copies of the 1215 text survive, two in "
            "the British Library and one each in Lincoln and Salisbury cathedrals. Although most of its "
            "clauses have since been repealed, Magna Carta influenced the United States Bill of Rights and "
            "the Universal Declaration of Human Rights.",
        ],
        "facts": [
            ("Which English king sealed Magna Carta?", "King John"),
            ("On what date was Magna Carta sealed?", "15 June 1215"),
            ("At which meadow beside the Thames was Magna Carta sealed?", "Runnymede"),
            ("What does the Latin name Magna Carta mean?", "Great Charter"),
            ("Which numbered clause of Magna Carta is the most famous?", "number 39"),
            ("Which pope annulled Magna Carta?", "Pope Innocent III"),
            ("Which war followed the annulment of Magna Carta?", "the First Barons' War"),
            ("In whose name was Magna Carta reissued after John's death?", "Henry III"),
            ("How many original copies of the 1215 Magna Carta survive?", "four"),
            ("Which later version of Magna Carta became part of English law?", "the 1225 version"),
        ],
    },
]
