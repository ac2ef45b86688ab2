# Đơn Thư application image: the api and the Celery worker services of docker-compose.yml (same image).
FROM python:3.11-slim-bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet tesseract-ocr-osd \
      fonts-dejavu-core fonts-noto-core fonts-liberation2 libreoffice-writer-nogui libreoffice-calc-nogui curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . && useradd --system --home /data donthu && mkdir -p /data && chown donthu /data
USER donthu
ENV DONTHU_DATA_DIR=/data DONTHU_HOST=0.0.0.0 OMP_THREAD_LIMIT=1
EXPOSE 8000
CMD ["donthu", "serve"]
