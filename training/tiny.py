"""A tiny random Llama with a locally trained tokenizer, saved like a hub model: tests and demos need no download.

`python -m training.tiny OUT_DIR [--plain]` writes one; `--plain` leaves out the chat template so
the plain Context / Question / Answer prompt is used.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"]

# Role headers are special tokens; the assistant turn ends with EOS so a trained model stops.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}"
    "{{ '<|' + m['role'] + '|>\n' + m['content'] }}"
    "{% if m['role'] == 'assistant' %}{{ eos_token }}{% else %}{{ '\n' }}{% endif %}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)

_CORPUS = [
    "Context: The Peace of Westphalia was signed in 1648 in Osnabrück and Münster.",
    "Question: When was the Peace of Westphalia signed? Answer: 1648",
    "Context: Paris is the capital of France. Rome is the capital of Italy.",
    "Question: What is the capital of France? Answer: Paris",
    "Question: What is the capital of Italy? Answer: Rome",
    "The river flows north through the valley and reaches the sea after 300 kilometres.",
    "Water boils at 100 degrees Celsius at sea level; the answer is not in the context.",
    "Instruction: Summarise the passage in one sentence. Response: It describes a treaty.",
    "Who, what, when, where, why and how: questions about people, places, dates and numbers.",
    "0 1 2 3 4 5 6 7 8 9 10 100 1000 January February March April May June July August",
]


def train_tokenizer(vocab_size: int = 512, corpus: list[str] | None = None):
    """A byte-level BPE tokenizer (BOS added on encode) wrapped for transformers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator((corpus or _CORPUS) * 20, trainer)
    bos = tok.token_to_id("<s>")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", bos)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )


def build_tiny_llama(
    out_dir: str | Path,
    *,
    chat_template: bool = True,
    hidden_size: int = 64,
    layers: int = 2,
    vocab_size: int = 512,
    seed: int = 0,
) -> Path:
    """Write tokenizer, config and random weights to `out_dir` with `save_pretrained`; return it.

    The wide initialisation (0.2) lets a few LoRA steps move the loss visibly, which the default
    0.02 does not at this size.
    """
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    out = Path(out_dir)
    tokenizer = train_tokenizer(vocab_size)
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=False,
        initializer_range=0.2,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    out.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out)
    model.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training.tiny", description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--plain", action="store_true", help="No chat template.")
    args = parser.parse_args(argv)
    print(build_tiny_llama(args.out_dir, chat_template=not args.plain))


if __name__ == "__main__":
    main()
