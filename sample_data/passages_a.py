"""Hand-written source passages doc-001 to doc-012 with their extractive QA facts.

Each passage has one or two chunks; each fact is (question, answer) or
(question, answer, chunk_index) where the answer is copied exactly from the chunk.
"""

from __future__ import annotations

PASSAGES_A: list[dict] = [
    {
        "doc_id": "doc-001",
        "title": "The Peace of Westphalia",
        "topic": "history",
        "chunks": [
            "The Peace of Westphalia is the collective name for two treaties signed in 1648 in the "
            "Westphalian cities of Osnabrück and Münster. The settlement ended the Thirty Years' War, "
            "which had begun in 1618 with the Defenestration of Prague, and it also closed the Eighty "
            "Years' War between Spain and the Dutch Republic. Negotiations opened in 1643 and involved "
            "roughly 109 delegations, making the congress one of the largest diplomatic gatherings "
            "Europe had ever seen. No single hall held everyone: Catholic powers met in Münster, while "
            "Protestant envoys gathered at Osnabrück, about 50 kilometres away.",
            "Under the treaties, Spain formally recognised the independence of the Dutch Republic, and "
            "Switzerland's separation from the Holy Roman Empire was acknowledged. Sweden gained Western "
            "Pomerania and the bishoprics of Bremen and Verden, while France received much of Alsace. "
            "The principle of cuius regio, eius religio from the 1555 Peace of Augsburg was restated, "
            "but Calvinism was now added as a tolerated faith alongside Catholicism and Lutheranism. "
            "Historians often cite the settlement as the origin of the modern idea of state "
            "sovereignty, although many scholars now argue that this reading is exaggerated.",
        ],
        "facts": [
            ("In what year were the treaties of the Peace of Westphalia signed?", "1648"),
            (
                "Which long conflict that began in 1618 was ended by the Westphalian settlement?",
                "the Thirty Years' War",
            ),
            ("What event in 1618 started the Thirty Years' War?", "the Defenestration of Prague"),
            ("In which year did the Thirty Years' War break out?", "1618"),
            (
                "Which war between Spain and the Dutch Republic did the Westphalian treaties also close?",
                "the Eighty Years' War",
            ),
            ("When did negotiations for the Peace of Westphalia open?", "1643"),
            ("Roughly how many delegations took part in the Westphalian peace congress?", "109"),
            (
                "In which city did the Catholic powers meet during the Westphalian negotiations?",
                "Münster",
            ),
            ("Where did the Protestant envoys gather during the Westphalia talks?", "Osnabrück"),
            ("How far apart were Münster and Osnabrück?", "about 50 kilometres"),
            (
                "Why did the Westphalian delegations meet in two different cities?",
                "No single hall held everyone",
            ),
            (
                "Whose independence did Spain formally recognise under the Westphalian treaties?",
                "the Dutch Republic",
                1,
            ),
            (
                "Which country's separation from the Holy Roman Empire was acknowledged in 1648?",
                "Switzerland",
            ),
            ("Which Baltic territory did Sweden gain at Westphalia?", "Western Pomerania"),
            (
                "Which two bishoprics did Sweden receive in the Westphalian settlement?",
                "Bremen and Verden",
            ),
            ("What region did France receive much of under the Peace of Westphalia?", "Alsace"),
            (
                "Which religious principle from the Peace of Augsburg was restated in 1648?",
                "cuius regio, eius religio",
            ),
            ("When was the Peace of Augsburg concluded?", "1555"),
            (
                "Which Protestant faith was newly added as tolerated by the Westphalian treaties?",
                "Calvinism",
            ),
            (
                "What modern political idea do historians often trace to the Westphalian settlement?",
                "state sovereignty",
            ),
            (
                "How do many scholars now judge the claim that Westphalia created modern sovereignty?",
                "exaggerated",
            ),
            ("How many treaties make up the Peace of Westphalia?", "two treaties"),
            (
                "From which empire did Switzerland formally separate in 1648?",
                "the Holy Roman Empire",
            ),
            ("Which kingdom gained Western Pomerania at Westphalia?", "Sweden"),
            ("Which power formally recognised Dutch independence at Westphalia?", "Spain", 1),
        ],
    },
    {
        "doc_id": "doc-002",
        "title": "Tardigrades",
        "topic": "biology",
        "chunks": [
            "Tardigrades, often called water bears or moss piglets, are microscopic animals that rarely "
            "grow longer than 0.5 millimetres. They were first described in 1773 by the German pastor "
            "Johann August Ephraim Goeze, and four years later the Italian biologist Lazzaro Spallanzani "
            "gave the group its modern name, which means slow stepper. More than 1,300 species are "
            "known, living everywhere from Himalayan peaks to deep-sea trenches, although most inhabit "
            "the thin film of water on mosses and lichens. Each animal has a segmented body with four "
            "pairs of stubby legs ending in claws. When their surroundings dry out, tardigrades can "
            "enter a state called cryptobiosis: they pull in their legs, curl into a barrel-shaped form "
            "known as a tun, and lower their metabolism to less than 0.01 percent of normal. In this "
            "condition they have survived temperatures close to absolute zero, pressures six times "
            "greater than those in the deepest ocean, and doses of radiation hundreds of times higher "
            "than would kill a human. In 2007 the European Space Agency's FOTON-M3 mission exposed dried "
            "tardigrades to open space for ten days, and some of them later revived and reproduced.",
        ],
        "facts": [
            ("What nicknames are tardigrades often given?", "water bears or moss piglets"),
            ("What length do tardigrades rarely exceed?", "0.5 millimetres"),
            ("In what year were tardigrades first described?", "1773"),
            ("Who first described tardigrades?", "Johann August Ephraim Goeze"),
            ("What was the profession of the man who first described tardigrades?", "pastor"),
            ("Which Italian biologist gave tardigrades their modern name?", "Lazzaro Spallanzani"),
            ("What does the name tardigrade mean?", "slow stepper"),
            ("How many tardigrade species are known?", "More than 1,300"),
            ("Where do most tardigrades live?", "the thin film of water on mosses and lichens"),
            ("How many pairs of legs does a tardigrade have?", "four pairs"),
            ("What do tardigrade legs end in?", "claws"),
            ("What state can tardigrades enter when their surroundings dry out?", "cryptobiosis"),
            ("What is the barrel-shaped form of a dried tardigrade called?", "a tun"),
            (
                "To what level do tardigrades lower their metabolism when dormant?",
                "less than 0.01 percent of normal",
            ),
            (
                "How much greater than deep-ocean pressure are the pressures tardigrades have survived?",
                "six times",
            ),
            (
                "Which space agency flew dried tardigrades on an orbital mission?",
                "the European Space Agency",
            ),
            (
                "What was the name of the 2007 mission that carried tardigrades into space?",
                "FOTON-M3",
            ),
            ("For how long were tardigrades exposed to open space in 2007?", "ten days"),
            (
                "What did some tardigrades do after their trip on FOTON-M3?",
                "revived and reproduced",
            ),
            ("Close to what temperature have dormant tardigrades survived?", "absolute zero"),
            (
                "How do the radiation doses tardigrades survive compare with a lethal human dose?",
                "hundreds of times higher",
            ),
            ("Which mountain range marks the high end of tardigrade habitats?", "Himalayan peaks"),
            ("What deep marine habitat do some tardigrades occupy?", "deep-sea trenches"),
            ("What kind of body does a tardigrade have?", "a segmented body"),
            (
                "How long after Goeze's description did Spallanzani name the group?",
                "four years later",
            ),
            ("What nationality was the pastor who first described tardigrades?", "German"),
        ],
    },
    {
        "doc_id": "doc-003",
        "title": "The Habeas Corpus Act",
        "topic": "law",
        "chunks": [
            "Habeas corpus, Latin for 'you shall have the body', is a court order requiring a person who "
            "holds someone in custody to bring the prisoner before a judge and justify the detention. "
            "The writ existed in English common law by the thirteenth century, but it was often evaded "
            "by jailers who moved prisoners between jurisdictions. Parliament responded with the Habeas "
            "Corpus Act of 1679, passed during the reign of Charles II. The statute set deadlines for "
            "producing a prisoner, typically three days if the jail lay within twenty miles of the "
            "court, and imposed a fine of 100 pounds on a jailer for a first offence of refusing the "
            "writ. It also forbade sending prisoners to Scotland, Ireland or overseas territories to "
            "keep them beyond the reach of English courts. According to a popular story, the bill passed "
            "the House of Lords only because one unusually fat peer was counted as ten votes as a joke. "
            "The right travelled to the American colonies, and the United States Constitution of 1787 "
            "allows Congress to suspend the writ only in cases of rebellion or invasion. Abraham Lincoln "
            "famously suspended it in 1861 during the Civil War.",
        ],
        "facts": [
            ("What does the Latin phrase habeas corpus mean?", "you shall have the body"),
            ("Before whom must a prisoner be brought under a writ of habeas corpus?", "a judge"),
            (
                "By which century did the writ of habeas corpus exist in English common law?",
                "the thirteenth century",
            ),
            (
                "How did jailers often evade the writ of habeas corpus before 1679?",
                "moved prisoners between jurisdictions",
            ),
            ("In what year did Parliament pass the Habeas Corpus Act?", "1679"),
            ("During which monarch's reign was the Habeas Corpus Act passed?", "Charles II"),
            (
                "What was the usual deadline for producing a prisoner held near the court?",
                "three days",
            ),
            (
                "Within what distance of the court did the shortest habeas corpus deadline apply?",
                "twenty miles",
            ),
            ("How large was the fine for a jailer's first refusal of the writ?", "100 pounds"),
            (
                "To which places did the 1679 Act forbid sending prisoners?",
                "Scotland, Ireland or overseas territories",
            ),
            (
                "Why were prisoners sometimes shipped abroad before the 1679 Act?",
                "to keep them beyond the reach of English courts",
            ),
            (
                "Which house of Parliament did the habeas corpus bill reportedly pass thanks to a joke?",
                "the House of Lords",
            ),
            ("How many votes was the fat peer reportedly counted as?", "ten votes"),
            (
                "Which founding document allows Congress to suspend habeas corpus?",
                "the United States Constitution",
            ),
            (
                "In what circumstances may Congress suspend the writ of habeas corpus?",
                "rebellion or invasion",
            ),
            ("Which American president suspended habeas corpus during wartime?", "Abraham Lincoln"),
            ("During which American war was habeas corpus suspended?", "the Civil War"),
            ("Which body responded to jailers' evasions with a statute in 1679?", "Parliament"),
            ("What kind of legal instrument is habeas corpus?", "a court order"),
            (
                "Besides producing the prisoner, what must a custodian do under habeas corpus?",
                "justify the detention",
            ),
            ("In which year was the United States Constitution drafted?", "1787"),
            ("To where did the English right of habeas corpus travel?", "the American colonies"),
            ("What was unusual about the peer counted as ten votes?", "unusually fat"),
            ("When did Lincoln suspend the writ?", "1861"),
        ],
    },
    {
        "doc_id": "doc-004",
        "title": "Neapolitan Pizza",
        "topic": "cooking",
        "chunks": [
            "Authentic Neapolitan pizza follows rules set by the Associazione Verace Pizza Napoletana, a "
            "group founded in Naples in 1984. The dough uses only four ingredients: soft wheat flour of "
            "type 00, water, sea salt and yeast. A typical batch combines 1 litre of water with about "
            "1.7 kilograms of flour, 50 grams of salt and 3 grams of fresh brewer's yeast. The dough is "
            "kneaded for around 20 minutes, left to rise in bulk for 2 hours, then divided into balls "
            "weighing between 200 and 280 grams. The balls rest for a further 4 to 6 hours at room "
            "temperature before shaping, which must be done by hand without a rolling pin.",
            "The finished disc should measure no more than 35 centimetres across, with a raised rim "
            "called the cornicione that is 1 to 2 centimetres high. It is baked in a wood-fired dome "
            "oven at about 485 degrees Celsius for only 60 to 90 seconds. The classic Margherita is "
            "topped with San Marzano tomatoes, mozzarella di bufala or fior di latte, fresh basil and "
            "olive oil. Legend says it was named in 1889 after Queen Margherita of Savoy, whose visit to "
            "Naples inspired the pizzaiolo Raffaele Esposito to make a pie in the colours of the Italian "
            "flag. In 2017 UNESCO added the art of the Neapolitan pizzaiuolo to its list of intangible "
            "cultural heritage.",
        ],
        "facts": [
            (
                "Which organisation sets the rules for authentic Neapolitan pizza?",
                "the Associazione Verace Pizza Napoletana",
            ),
            ("When was the Associazione Verace Pizza Napoletana founded?", "1984"),
            ("In which city was the pizza association AVPN founded?", "Naples", 0),
            ("How many ingredients may Neapolitan pizza dough contain?", "only four ingredients"),
            ("What grade of soft wheat flour goes into Neapolitan dough?", "type 00"),
            ("From what grain is the 00 flour for Neapolitan dough milled?", "soft wheat"),
            ("What kind of salt is used in Neapolitan pizza dough?", "sea salt"),
            ("How much water does a typical batch of Neapolitan dough use?", "1 litre"),
            (
                "About how much flour is combined with the water in a Neapolitan batch?",
                "1.7 kilograms",
            ),
            ("How many grams of salt go into a standard batch of pizza dough?", "50 grams"),
            ("What quantity of yeast does the standard Neapolitan batch call for?", "3 grams"),
            ("What form of yeast is specified for Neapolitan dough?", "fresh brewer's yeast"),
            ("For how long is Neapolitan pizza dough kneaded?", "around 20 minutes"),
            ("How long does Neapolitan pizza dough rise in bulk before being divided?", "2 hours"),
            ("What is the weight range of Neapolitan dough balls?", "between 200 and 280 grams"),
            ("How long do Neapolitan dough balls rest before shaping?", "4 to 6 hours"),
            ("At what temperature do portioned Neapolitan dough balls rest?", "room temperature"),
            ("Which kitchen tool is forbidden when shaping a Neapolitan base?", "a rolling pin"),
            ("How must a Neapolitan pizza base be shaped?", "by hand"),
            ("What is the maximum diameter of a Neapolitan pizza?", "35 centimetres"),
            ("What is the raised rim of a Neapolitan pizza called?", "the cornicione"),
            ("How high should the cornicione be?", "1 to 2 centimetres"),
            ("In what kind of oven is Neapolitan pizza baked?", "a wood-fired dome oven"),
            ("At roughly what oven temperature is Neapolitan pizza baked?", "485 degrees Celsius"),
            ("How long does a Neapolitan pizza spend in the oven?", "60 to 90 seconds"),
            ("Which tomatoes top the classic Margherita?", "San Marzano tomatoes"),
            (
                "Which cheeses may be used on a Margherita pizza?",
                "mozzarella di bufala or fior di latte",
            ),
            ("Which herb garnishes a Margherita?", "fresh basil"),
            ("What oil finishes a classic Margherita?", "olive oil"),
            ("In which year was the Margherita pizza reportedly named?", "1889"),
            ("After which queen was the Margherita named?", "Queen Margherita of Savoy"),
            ("Which pizzaiolo made the first Margherita?", "Raffaele Esposito"),
            ("Whose colours did the first Margherita imitate?", "the Italian flag"),
            ("When did UNESCO recognise the art of the Neapolitan pizzaiuolo?", "2017"),
            (
                "To which UNESCO list was the Neapolitan pizza makers' craft added?",
                "intangible cultural heritage",
            ),
        ],
    },
    {
        "doc_id": "doc-005",
        "title": "Git",
        "topic": "software",
        "chunks": [
            "Git is a distributed version control system created by Linus Torvalds in April 2005 to "
            "manage development of the Linux kernel. The project was started after the company behind "
            "BitKeeper, a proprietary tool the kernel developers had used since 2002, withdrew its free "
            "licence. Torvalds wrote the first working version in about ten days, and in July 2005 he "
            "handed maintenance to Junio Hamano, who still leads the project. Unlike centralised systems "
            "such as Subversion, every Git clone contains the full history of the repository, so most "
            "operations run locally without a network connection. Git stores content as objects named "
            "by a cryptographic hash, originally SHA-1, and since version 2.29 it has offered "
            "experimental support for SHA-256. A commit records a snapshot of the project tree rather "
            "than a list of changes, together with the author, a timestamp and pointers to its parent "
            "commits. Branches are simply movable references to commits, which makes creating them "
            "cheap. The name Git is British slang for an unpleasant person, and Torvalds joked that he "
            "names all his projects after himself. Hosting services such as GitHub, launched in 2008, "
            "helped make Git the most widely used version control system.",
        ],
        "facts": [
            ("Who created the Git version control system?", "Linus Torvalds"),
            ("In which month and year was Git created?", "April 2005"),
            ("Which software project was Git originally built to manage?", "the Linux kernel"),
            ("Which tool did Linux kernel developers rely on before Git?", "BitKeeper"),
            ("Since what year had kernel developers used BitKeeper?", "2002"),
            (
                "What did the company behind BitKeeper withdraw, prompting Git's creation?",
                "its free licence",
            ),
            (
                "How long did Torvalds take to write the first working version of Git?",
                "about ten days",
            ),
            ("To whom did Torvalds hand over Git maintenance?", "Junio Hamano"),
            ("When did Junio Hamano take over as Git maintainer?", "July 2005"),
            ("Which centralised version control system is contrasted with Git?", "Subversion"),
            ("What does every Git clone contain?", "the full history of the repository"),
            ("Where do most Git operations run?", "locally"),
            ("How are Git objects named?", "by a cryptographic hash"),
            ("Which hash function did Git originally use?", "SHA-1"),
            ("Since which Git release has experimental SHA-256 support been available?", "2.29"),
            ("Which newer hash algorithm does Git support experimentally?", "SHA-256"),
            (
                "What does a Git commit record instead of a list of changes?",
                "a snapshot of the project tree",
            ),
            (
                "Besides the tree snapshot, what does a Git commit store?",
                "the author, a timestamp and pointers to its parent commits",
            ),
            ("What are Git branches?", "movable references to commits"),
            ("What does the word git mean in British slang?", "an unpleasant person"),
            (
                "What did Torvalds joke about how he names his projects?",
                "he names all his projects after himself",
            ),
            ("When was GitHub launched?", "2008"),
            ("What kind of version control system is Git?", "distributed"),
            ("What licensing category did BitKeeper fall into?", "proprietary"),
        ],
    },
    {
        "doc_id": "doc-006",
        "title": "The Marathon",
        "topic": "sports",
        "chunks": [
            "The marathon is a long-distance running race of 42.195 kilometres, or 26 miles and 385 "
            "yards. It takes its name from the legend of Pheidippides, a Greek messenger said to have run "
            "from the battlefield of Marathon to Athens in 490 BC to announce victory over the Persians "
            "before collapsing and dying. The race was introduced at the first modern Olympic Games in "
            "Athens in 1896, where it was won by the Greek water carrier Spyridon Louis in 2 hours 58 "
            "minutes. Early marathons varied in length, and the now standard distance comes from the "
            "1908 London Olympics, where the course was arranged to start at Windsor Castle and finish "
            "in front of the royal box. The International Amateur Athletic Federation formally adopted "
            "that length in 1921. The Boston Marathon, first held in 1897, is the world's oldest annual "
            "marathon, although women were not officially allowed to enter until 1972. In 2019 the "
            "Kenyan runner Eliud Kipchoge covered the distance in 1:59:40 in Vienna, but the run did not "
            "count as a record because pacers rotated in and out and a car projected the target pace. "
            "Kelvin Kiptum of Kenya set the official men's world record of 2:00:35 in Chicago in 2023.",
        ],
        "facts": [
            ("What is the official length of a marathon in kilometres?", "42.195 kilometres"),
            ("How long is a marathon in miles and yards?", "26 miles and 385 yards"),
            ("Which Greek messenger is linked to the legend behind the marathon?", "Pheidippides"),
            ("In what year did the legendary run from Marathon take place?", "490 BC"),
            ("Over whom had the Greeks won victory in the Pheidippides legend?", "the Persians"),
            ("In which year was the marathon introduced at the Olympics?", "1896"),
            ("Who won the first Olympic marathon?", "Spyridon Louis"),
            ("What was Spyridon Louis's occupation?", "water carrier"),
            ("What was the winning time of the 1896 Olympic marathon?", "2 hours 58 minutes"),
            (
                "Which Olympics established the standard marathon distance?",
                "the 1908 London Olympics",
            ),
            ("Where did the 1908 Olympic marathon course start?", "Windsor Castle"),
            ("In front of what did the 1908 Olympic marathon finish?", "the royal box"),
            (
                "Which body formally adopted the standard marathon length?",
                "The International Amateur Athletic Federation",
            ),
            ("In what year was today's marathon length formally adopted?", "1921"),
            ("Which race is the world's oldest annual marathon?", "The Boston Marathon"),
            ("When was the Boston Marathon first held?", "1897"),
            ("From what year could women officially enter the Boston race?", "1972"),
            (
                "Which Kenyan runner covered the marathon distance in Vienna in 2019?",
                "Eliud Kipchoge",
            ),
            ("What time did Kipchoge record in his Vienna run?", "1:59:40"),
            ("In which city did Kipchoge run under two hours?", "Vienna"),
            (
                "Why did Kipchoge's 2019 run not count as an official record?",
                "pacers rotated in and out",
            ),
            ("Who holds the official men's marathon world record?", "Kelvin Kiptum"),
            ("What is the official men's marathon record time?", "2:00:35"),
            ("In which city was the current men's marathon record set?", "Chicago"),
            ("In what year did Kiptum set his record?", "2023"),
            (
                "What happened to Pheidippides after he delivered his message?",
                "collapsing and dying",
            ),
        ],
    },
    {
        "doc_id": "doc-007",
        "title": "Lake Baikal",
        "topic": "geography",
        "chunks": [
            "Lake Baikal, in southern Siberia, is the deepest lake on Earth, reaching 1,642 metres at its "
            "deepest point. It is also the largest freshwater lake by volume, holding about 23,600 cubic "
            "kilometres of water, roughly a fifth of the unfrozen fresh surface water on the planet. The "
            "lake is crescent-shaped, about 636 kilometres long and up to 79 kilometres wide. Baikal "
            "occupies a rift valley where the Earth's crust is slowly pulling apart, and at an estimated "
            "25 million years old it is widely considered the oldest existing lake. More than 300 rivers "
            "flow into it, but only one, the Angara, drains out.",
            "Its long isolation has produced a remarkable collection of endemic life. The best-known "
            "example is the Baikal seal, or nerpa, one of the few seal species that live only in fresh "
            "water. Another is the golomyanka, a translucent oilfish that gives birth to live young "
            "instead of laying eggs. The water is unusually clear, and in winter the surface freezes "
            "from January to May, with ice thick enough to carry trucks. In 1996 UNESCO listed the lake "
            "as a World Heritage Site, noting its value for the study of evolution. The largest island, "
            "Olkhon, is home to the Buryat people's sacred Shaman Rock.",
        ],
        "facts": [
            ("In which region of Russia does Lake Baikal lie?", "southern Siberia"),
            ("How deep is Lake Baikal at its deepest point?", "1,642 metres"),
            ("How much water does Lake Baikal hold?", "about 23,600 cubic kilometres"),
            (
                "What share of the planet's unfrozen fresh surface water is in Baikal?",
                "roughly a fifth",
            ),
            ("What shape is Lake Baikal?", "crescent-shaped"),
            ("How long is Lake Baikal from end to end?", "about 636 kilometres"),
            ("What is the maximum width of Lake Baikal?", "79 kilometres"),
            ("In what kind of geological feature does Baikal sit?", "a rift valley"),
            ("How old is Lake Baikal estimated to be?", "25 million years"),
            ("How many rivers flow into Lake Baikal?", "More than 300"),
            ("Which river is the only outflow of Lake Baikal?", "the Angara"),
            ("By what other name is the Baikal seal known?", "nerpa"),
            ("What is unusual about where the Baikal seal lives?", "live only in fresh water"),
            ("What kind of fish is the golomyanka?", "a translucent oilfish"),
            ("How does the golomyanka reproduce?", "gives birth to live young"),
            ("During which months is Baikal's surface frozen?", "January to May"),
            ("What vehicles can Baikal's winter ice support?", "trucks"),
            ("When did UNESCO list Lake Baikal as a World Heritage Site?", "1996"),
            (
                "What scientific value did UNESCO note when listing Baikal?",
                "the study of evolution",
            ),
            ("What is the largest island in Lake Baikal?", "Olkhon"),
            ("Which sacred landmark stands on Olkhon Island?", "Shaman Rock"),
            ("Which people regard Shaman Rock as sacred?", "Buryat"),
            ("What is happening to Earth's crust beneath Baikal?", "slowly pulling apart"),
            ("What has given Baikal its many endemic species?", "long isolation"),
            ("What title does Baikal hold among lakes by age?", "the oldest existing lake"),
            ("How is the clarity of Baikal's water described?", "unusually clear"),
        ],
    },
    {
        "doc_id": "doc-008",
        "title": "Compound Interest",
        "topic": "finance",
        "chunks": [
            "Compound interest is interest calculated on both the original principal and the interest "
            "already added to it. If 1,000 dollars is deposited at 5 percent a year compounded "
            "annually, the balance grows to 1,050 dollars after one year and to 1,102.50 dollars after "
            "two, because the second year's interest is also earned on the first 50 dollars. Simple "
            "interest, by contrast, is paid only on the principal, so the same deposit would reach just "
            "1,100 dollars in two years. The more often interest is compounded, the higher the effective "
            "annual rate: 12 percent compounded monthly works out to about 12.68 percent a year. In the "
            "limit of continuous compounding the balance is given by the formula A = Pe^rt, where e is "
            "the mathematical constant approximately equal to 2.71828. A handy shortcut called the rule "
            "of 72 estimates how long money takes to double: divide 72 by the annual percentage rate, so "
            "at 6 percent an investment doubles in roughly 12 years. The constant e itself was "
            "discovered by Jacob Bernoulli in 1683 while he was studying exactly this problem of "
            "compound interest. Borrowers feel the same effect in reverse, which is why unpaid credit "
            "card balances can grow so quickly.",
        ],
        "facts": [
            (
                "On what amounts is compound interest calculated?",
                "both the original principal and the interest",
            ),
            (
                "What balance does a 1,000-dollar deposit at 5 percent reach after one year?",
                "1,050 dollars",
            ),
            (
                "What is the two-year balance of 1,000 dollars at 5 percent compounded annually?",
                "1,102.50 dollars",
            ),
            ("On what amount is simple interest paid?", "only on the principal"),
            (
                "How much would 1,000 dollars at 5 percent reach in two years under simple interest?",
                "1,100 dollars",
            ),
            (
                "What effective annual rate does 12 percent compounded monthly produce?",
                "about 12.68 percent",
            ),
            ("What formula gives the balance under continuous compounding?", "A = Pe^rt"),
            ("What is the approximate value of the mathematical constant e?", "2.71828"),
            ("What does the rule of 72 estimate?", "how long money takes to double"),
            ("How is the rule of 72 applied?", "divide 72 by the annual percentage rate"),
            (
                "How long does money take to double at 6 percent by the rule of 72?",
                "roughly 12 years",
            ),
            ("Which mathematician discovered the constant e?", "Jacob Bernoulli"),
            ("When was Euler's number e first discovered?", "1683"),
            (
                "Which kind of debt shows compounding working against borrowers?",
                "unpaid credit card balances",
            ),
            (
                "What is the name for the limiting case in which interest is added constantly?",
                "continuous compounding",
            ),
            (
                "On what sum is the extra second-year interest earned in the 5 percent example?",
                "the first 50 dollars",
            ),
            ("What problem was Bernoulli studying when he found e?", "compound interest"),
        ],
    },
    {
        "doc_id": "doc-009",
        "title": "The Well-Tempered Clavier",
        "topic": "music",
        "chunks": [
            "The Well-Tempered Clavier is a collection of keyboard music by Johann Sebastian Bach "
            "consisting of two books, each containing 24 pairs of preludes and fugues, one pair in every "
            "major and minor key. Bach completed the first book in 1722 while he was employed as "
            "Kapellmeister at the court of Prince Leopold in Köthen, and he assembled the second around "
            "1742 in Leipzig. The title refers to tuning systems that allowed a keyboard instrument to "
            "sound acceptable in all keys, although scholars still debate whether Bach intended equal "
            "temperament or one of the unequal well temperaments of his day. The works were written for "
            "clavier, a general term that could mean harpsichord, clavichord or organ. The collection "
            "circulated mainly in handwritten copies during the eighteenth century and was not printed "
            "until 1801. Mozart arranged several of its fugues for string trio and quartet, and "
            "Beethoven learned the preludes as a boy in Bonn. The pianist Hans von Bülow called the "
            "collection the Old Testament of music, with Beethoven's 32 piano sonatas as the New "
            "Testament. The opening Prelude in C major later became famous as the accompaniment to "
            "Charles Gounod's Ave Maria melody, first published in 1853.",
        ],
        "facts": [
            ("Who composed the Well-Tempered Clavier?", "Johann Sebastian Bach"),
            ("How many books make up the Well-Tempered Clavier?", "two books"),
            (
                "How many prelude and fugue pairs does each book of the Well-Tempered Clavier contain?",
                "24 pairs",
            ),
            ("When did Bach complete the first book of the Well-Tempered Clavier?", "1722"),
            ("What post did Bach hold at the court in Köthen?", "Kapellmeister"),
            ("Which prince employed Bach at Köthen?", "Prince Leopold"),
            ("In which city did Bach assemble his second book of preludes and fugues?", "Leipzig"),
            (
                "Around what year did Bach assemble the second book of the Well-Tempered Clavier?",
                "1742",
            ),
            (
                "What does the word well-tempered in the name of Bach's collection refer to?",
                "tuning systems",
            ),
            (
                "Which tuning system is one side of the scholarly debate about Bach's intentions?",
                "equal temperament",
            ),
            (
                "Which instruments could the term clavier refer to?",
                "harpsichord, clavichord or organ",
            ),
            (
                "How did Bach's collection mostly circulate in the eighteenth century?",
                "in handwritten copies",
            ),
            ("When was the Well-Tempered Clavier first printed?", "1801"),
            (
                "For which ensembles did Mozart arrange fugues from Bach's collection?",
                "string trio and quartet",
            ),
            ("Where did Beethoven learn Bach's preludes as a boy?", "Bonn"),
            (
                "Which pianist called Bach's collection the Old Testament of music?",
                "Hans von Bülow",
            ),
            ("What did von Bülow liken Beethoven's piano sonatas to?", "the New Testament"),
            (
                "How many piano sonatas did Beethoven write, according to von Bülow's comparison?",
                "32",
            ),
            (
                "Which piece from the collection became the accompaniment to a famous Ave Maria?",
                "Prelude in C major",
            ),
            ("Who wrote the Ave Maria melody set over Bach's first prelude?", "Charles Gounod"),
            ("When was Gounod's Ave Maria melody first published?", "1853"),
            (
                "In which keys does the Well-Tempered Clavier contain pieces?",
                "every major and minor key",
            ),
            (
                "What general term covered harpsichord, clavichord and organ in Bach's day?",
                "clavier",
            ),
        ],
    },
    {
        "doc_id": "doc-010",
        "title": "The Discovery of Insulin",
        "topic": "medicine",
        "chunks": [
            "Before the 1920s a diagnosis of type 1 diabetes was effectively a death sentence, and the "
            "only treatment was a starvation diet that extended life by months at most. In May 1921, "
            "the Canadian surgeon Frederick Banting began experiments at the University of Toronto in "
            "the laboratory of John Macleod, assisted by the medical student Charles Best. They tied off "
            "the pancreatic ducts of dogs, extracted material from the remaining islet tissue and showed "
            "that it lowered blood sugar in diabetic animals. The biochemist James Collip then developed "
            "a method to purify the extract enough for human use.",
            "On 11 January 1922, a 14-year-old boy named Leonard Thompson became the first person to "
            "receive an insulin injection at Toronto General Hospital. The first dose caused an "
            "allergic reaction, but a purer batch given twelve days later brought his blood sugar to "
            "near normal levels. In 1923 Banting and Macleod received the Nobel Prize in Physiology or "
            "Medicine, and Banting, angered that Best had been left out, shared his prize money with "
            "him. The team sold the patent to the university for one dollar each, wanting the treatment "
            "to be widely available. The pharmaceutical company Eli Lilly soon began large-scale "
            "production.",
        ],
        "facts": [
            (
                "What was the only treatment for type 1 diabetes before the 1920s?",
                "a starvation diet",
            ),
            (
                "By how much could a starvation diet extend a diabetic patient's life?",
                "by months at most",
            ),
            ("When did Frederick Banting begin his insulin experiments?", "May 1921"),
            ("What was Frederick Banting's medical profession?", "surgeon"),
            (
                "At which university did the insulin experiments take place?",
                "the University of Toronto",
            ),
            ("In whose laboratory did Banting carry out his experiments?", "John Macleod"),
            ("Which medical student assisted Banting?", "Charles Best"),
            ("Which animals were used in the early insulin experiments?", "dogs"),
            ("From which tissue was the first insulin extract taken?", "islet tissue"),
            (
                "What effect did the pancreatic extract have on diabetic animals?",
                "lowered blood sugar",
            ),
            ("Which biochemist purified the extract for human use?", "James Collip"),
            ("Who was the first person to receive an insulin injection?", "Leonard Thompson"),
            ("On what date did the first human insulin injection take place?", "11 January 1922"),
            (
                "At which hospital was the first insulin injection given?",
                "Toronto General Hospital",
            ),
            ("What did Thompson's first insulin dose cause?", "an allergic reaction"),
            (
                "How long after Thompson's first insulin dose was the purer batch given?",
                "twelve days later",
            ),
            ("Who received the Nobel Prize for the discovery of insulin?", "Banting and Macleod"),
            ("In what year was the Nobel Prize for insulin awarded?", "1923"),
            ("In which Nobel category was the insulin prize awarded?", "Physiology or Medicine"),
            ("Why was Banting angered by the Nobel committee's choice?", "Best had been left out"),
            ("What did Banting share with his assistant after the Nobel award?", "his prize money"),
            ("For how much did the Toronto team sell the insulin patent?", "one dollar each"),
            (
                "Why did the Toronto insulin team sell the patent so cheaply?",
                "wanting the treatment to be widely available",
            ),
            ("Which pharmaceutical company began large-scale insulin production?", "Eli Lilly"),
            ("What did Banting and Best tie off in the dogs?", "the pancreatic ducts"),
        ],
    },
    {
        "doc_id": "doc-011",
        "title": "The Galilean Moons",
        "topic": "astronomy",
        "chunks": [
            "The four largest moons of Jupiter are known as the Galilean moons because Galileo Galilei "
            "discovered them in January 1610 using a telescope he had built himself. In order of "
            "distance from the planet they are Io, Europa, Ganymede and Callisto. Their discovery showed "
            "that not everything in the sky orbited the Earth, which strengthened the case for the "
            "Copernican model. Io is the most volcanically active body in the solar system, with more "
            "than 400 active volcanoes heated by tidal flexing as it is squeezed by Jupiter's gravity. "
            "Europa has a smooth crust of water ice that is thought to cover a salty ocean, making it a "
            "leading target in the search for life beyond Earth. Ganymede, with a diameter of about "
            "5,268 kilometres, is the largest moon in the solar system and is even bigger than the "
            "planet Mercury; it is also the only moon known to generate its own magnetic field. "
            "Callisto is the most heavily cratered object known, its ancient surface almost unchanged "
            "for four billion years. Galileo proposed naming the moons after the Medici family, his "
            "patrons, but the names used today were suggested by the German astronomer Simon Marius. "
            "NASA's Europa Clipper spacecraft, launched in October 2024, is expected to reach Jupiter in "
            "2030.",
        ],
        "facts": [
            (
                "Why are Jupiter's four largest moons called the Galilean moons?",
                "Galileo Galilei discovered them",
            ),
            ("When were Jupiter's four largest moons discovered?", "January 1610"),
            (
                "What instrument did Galileo use to find Jupiter's moons?",
                "a telescope he had built himself",
            ),
            ("Which moon is the most volcanically active body in the solar system?", "Io"),
            ("Which Galilean moon is farthest from Jupiter?", "Callisto"),
            (
                "Which cosmological model did the discovery of Jupiter's moons support?",
                "the Copernican model",
            ),
            (
                "What did the discovery of Jupiter's moons show about objects in the sky?",
                "not everything in the sky orbited the Earth",
            ),
            ("How many active volcanoes does Io have?", "more than 400"),
            ("What process heats the volcanoes of Io?", "tidal flexing"),
            ("What is Europa's crust made of?", "water ice"),
            ("What is thought to lie beneath Europa's frozen crust?", "a salty ocean"),
            ("In what search is Europa a leading target?", "the search for life beyond Earth"),
            ("What is the diameter of Ganymede?", "about 5,268 kilometres"),
            ("Which is the largest moon in the solar system?", "Ganymede"),
            ("Which planet is smaller than Ganymede?", "Mercury"),
            (
                "What makes Ganymede unique among known moons?",
                "the only moon known to generate its own magnetic field",
            ),
            (
                "What distinction does Callisto hold among known objects?",
                "the most heavily cratered object known",
            ),
            ("For how long has Callisto's surface been almost unchanged?", "four billion years"),
            ("After which family did Galileo propose naming the moons?", "the Medici family"),
            (
                "Who suggested the moon names used today for the Galilean satellites?",
                "Simon Marius",
            ),
            ("What nationality was the astronomer Simon Marius?", "German"),
            ("When was the Europa Clipper spacecraft launched?", "October 2024"),
            ("In what year is Europa Clipper expected to reach Jupiter?", "2030"),
            ("Which space agency operates Europa Clipper?", "NASA"),
            ("What relationship did the Medici have with Galileo?", "his patrons"),
            ("What force squeezes Io and causes tidal flexing?", "Jupiter's gravity"),
            ("Which Galilean moon is second in distance from Jupiter?", "Europa"),
        ],
    },
    {
        "doc_id": "doc-012",
        "title": "The Haber-Bosch Process",
        "topic": "chemistry",
        "chunks": [
            "The Haber-Bosch process combines nitrogen from the air with hydrogen to make ammonia, the "
            "starting point for most synthetic fertiliser. The German chemist Fritz Haber demonstrated "
            "the reaction on a laboratory scale in 1909, producing about 125 millilitres of ammonia per "
            "hour from a tabletop apparatus. Carl Bosch, an engineer at the chemical company BASF, then "
            "solved the problem of building steel reactors that could withstand the required "
            "pressures, and the first industrial plant opened at Oppau in 1913. The reaction runs at "
            "around 400 to 500 degrees Celsius and 150 to 300 times atmospheric pressure, using an "
            "iron-based catalyst developed largely by Alwin Mittasch after thousands of trials. Haber "
            "received the Nobel Prize in Chemistry in 1918 and Bosch shared the 1931 prize for "
            "high-pressure chemistry. The process today consumes roughly 1 to 2 percent of the world's "
            "energy, mostly through natural gas used as a hydrogen source, and it is responsible for "
            "about 1.4 percent of global carbon dioxide emissions. It is often said that fertiliser made "
            "this way feeds nearly half the world's population. During the First World War, the same "
            "process gave Germany a supply of nitrates for explosives after the British naval blockade "
            "cut off imports of Chilean saltpetre.",
        ],
        "facts": [
            ("What compound does the Haber-Bosch process produce?", "ammonia"),
            ("Where does the nitrogen for the Haber-Bosch process come from?", "the air"),
            ("With which gas is atmospheric nitrogen combined in ammonia synthesis?", "hydrogen"),
            ("What product is ammonia the starting point for?", "synthetic fertiliser"),
            ("Who first demonstrated ammonia synthesis on a laboratory scale?", "Fritz Haber"),
            ("In what year did Haber demonstrate his tabletop reaction?", "1909"),
            ("How much ammonia did Haber's apparatus produce per hour?", "about 125 millilitres"),
            ("Which chemical company employed Carl Bosch?", "BASF"),
            (
                "What engineering problem did Carl Bosch solve?",
                "building steel reactors that could withstand the required pressures",
            ),
            ("Where did the first industrial ammonia plant open?", "Oppau"),
            ("When did the first industrial Haber-Bosch plant open?", "1913"),
            (
                "At what temperature range does industrial ammonia synthesis run?",
                "400 to 500 degrees Celsius",
            ),
            (
                "What pressure does the Haber-Bosch reaction require?",
                "150 to 300 times atmospheric pressure",
            ),
            ("What type of catalyst is used in ammonia synthesis?", "an iron-based catalyst"),
            ("Who largely developed the catalyst for ammonia synthesis?", "Alwin Mittasch"),
            ("When did Haber receive the Nobel Prize in Chemistry?", "1918"),
            ("For what field did Bosch share a Nobel Prize?", "high-pressure chemistry"),
            (
                "What share of world energy does the Haber-Bosch process consume?",
                "roughly 1 to 2 percent",
            ),
            ("Which fuel mainly supplies the hydrogen for ammonia plants?", "natural gas"),
            (
                "What share of global carbon dioxide emissions comes from the Haber-Bosch process?",
                "about 1.4 percent",
            ),
            (
                "How much of humanity is said to be fed by synthetic fertiliser?",
                "nearly half the world's population",
            ),
            (
                "What did the process supply to Germany during the First World War?",
                "nitrates for explosives",
            ),
            ("What cut off Germany's wartime imports of saltpetre?", "the British naval blockade"),
            (
                "Which imported mineral did Germany lose access to during the war?",
                "Chilean saltpetre",
            ),
            ("In what year did Bosch share the Nobel Prize?", "1931"),
        ],
    },
]
