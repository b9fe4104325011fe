FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-bod tesseract-ocr-uig tesseract-ocr-chi-sim tesseract-ocr-osd \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
RUN useradd --system yigcha && mkdir -p /var/lib/yigcha && chown yigcha /var/lib/yigcha
USER yigcha
