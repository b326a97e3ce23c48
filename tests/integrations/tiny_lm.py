"""A tiny Qwen2 causal LM and a tokenizer trained on the spot: no hub download, CPU only.

The tokenizer is a byte-level BPE trained on our own prompts, with the Qwen chat tokens as
special tokens and TRL's shipped `qwen2_5.jinja` as chat template, so TRL recognises the
template and parses `<tool_call>` blocks in completions as it does for real Qwen models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_call>",
           "<tool_response>", "</tool_response>"]


def qwen_template() -> str:
    return (resources.files("trl") / "chat_templates" / "qwen2_5.jinja").read_text()


def tokenizer(corpus: Sequence[str], vocab_size: int = 600, template: str | None = None):
    """A fast tokenizer trained on `corpus` (byte-level BPE: any text round-trips), with
    `template` as chat template (default: TRL's qwen2_5.jinja)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    bpe.train_from_iterator(list(corpus), trainer=trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>",
                                  pad_token="<|endoftext|>", bos_token=None)
    tok.chat_template = template if template is not None else qwen_template()
    return tok


def model(vocab_size: int, seed: int = 0):
    """A Qwen2ForCausalLM of a few thousand parameters, built from a config."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    torch.manual_seed(seed)
    config = Qwen2Config(vocab_size=vocab_size, hidden_size=16, intermediate_size=32,
                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=1,
                         max_position_embeddings=4096, tie_word_embeddings=True)
    return Qwen2ForCausalLM(config).float()


def fake_generate(tok, reply: Callable[[str], str]):
    """A stand-in for `model.generate`: the reply to each decoded prompt, padded to one length.

    As TRL's own tests do, this fixes what the "model" says so the test can check what the
    trainer does with it; the gradient step still runs on the tiny model's real logits.
    """
    import torch

    def generate(input_ids, **kwargs):
        texts = tok.batch_decode(input_ids, skip_special_tokens=False)
        replies = [tok.encode(reply(text) + "<|im_end|>", add_special_tokens=False)
                   for text in texts]
        width = max(len(r) for r in replies)
        padded = [r + [tok.pad_token_id] * (width - len(r)) for r in replies]
        completion = torch.tensor(padded, dtype=input_ids.dtype, device=input_ids.device)
        return torch.cat([input_ids, completion], dim=-1)

    return generate
